# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_smb_global_optspecs
    string join \n db= as= now= format= h/help V/version
end

function __fish_smb_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_smb_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_smb_using_subcommand
    set -l cmd (__fish_smb_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c smb -n "__fish_smb_needs_command" -l db -d 'The database file [default: smb.db in the platform data directory]' -r -F
complete -c smb -n "__fish_smb_needs_command" -l as -d 'Who is acting (advocate, AE or manager) [default: the OS user name]' -r
complete -c smb -n "__fish_smb_needs_command" -l now -d 'The current time, RFC 3339 or YYYY-MM-DD (00:00 UTC), for scripts and tests' -r
complete -c smb -n "__fish_smb_needs_command" -l format -d 'Output format' -r -f -a "table\t''
json\t''
csv\t''"
complete -c smb -n "__fish_smb_needs_command" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c smb -n "__fish_smb_needs_command" -s V -l version -d 'Print version'
complete -c smb -n "__fish_smb_needs_command" -f -a "init" -d 'Create the database for a model (digital or pooled). Any other command on a missing database creates a digital one; a database keeps its model'
complete -c smb -n "__fish_smb_needs_command" -f -a "import" -d 'Import a CSV export. One bad row and nothing is written, unless --skip-invalid'
complete -c smb -n "__fish_smb_needs_command" -f -a "tier" -d 'Show accounts\' segment and tier, with the reason in words'
complete -c smb -n "__fish_smb_needs_command" -f -a "advocate" -d 'Add or list the people on the team: advocates (digital), pooled AEs, and managers'
complete -c smb -n "__fish_smb_needs_command" -f -a "completions" -d 'Print the completion script for a shell'
complete -c smb -n "__fish_smb_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c smb -n "__fish_smb_using_subcommand init" -l model -d 'The playbook this database runs [default: digital]' -r -f -a "digital\t''
pooled\t''"
complete -c smb -n "__fish_smb_using_subcommand init" -l fiscal-year-start -d 'Month the fiscal year starts in: a name (february, feb) or a number (2) [default: february]' -r
complete -c smb -n "__fish_smb_using_subcommand init" -l db -d 'The database file [default: smb.db in the platform data directory]' -r -F
complete -c smb -n "__fish_smb_using_subcommand init" -l as -d 'Who is acting (advocate, AE or manager) [default: the OS user name]' -r
complete -c smb -n "__fish_smb_using_subcommand init" -l now -d 'The current time, RFC 3339 or YYYY-MM-DD (00:00 UTC), for scripts and tests' -r
complete -c smb -n "__fish_smb_using_subcommand init" -l format -d 'Output format' -r -f -a "table\t''
json\t''
csv\t''"
complete -c smb -n "__fish_smb_using_subcommand init" -s h -l help -d 'Print help'
complete -c smb -n "__fish_smb_using_subcommand init" -s V -l version -d 'Print version'
complete -c smb -n "__fish_smb_using_subcommand import" -l rejects -d 'Where --skip-invalid writes the rejected rows (CSV)' -r -F
complete -c smb -n "__fish_smb_using_subcommand import" -l db -d 'The database file [default: smb.db in the platform data directory]' -r -F
complete -c smb -n "__fish_smb_using_subcommand import" -l as -d 'Who is acting (advocate, AE or manager) [default: the OS user name]' -r
complete -c smb -n "__fish_smb_using_subcommand import" -l now -d 'The current time, RFC 3339 or YYYY-MM-DD (00:00 UTC), for scripts and tests' -r
complete -c smb -n "__fish_smb_using_subcommand import" -l format -d 'Output format' -r -f -a "table\t''
json\t''
csv\t''"
complete -c smb -n "__fish_smb_using_subcommand import" -l skip-invalid -d 'Import the good rows and write the bad ones, each with its error, to --rejects'
complete -c smb -n "__fish_smb_using_subcommand import" -s h -l help -d 'Print help'
complete -c smb -n "__fish_smb_using_subcommand import" -s V -l version -d 'Print version'
complete -c smb -n "__fish_smb_using_subcommand tier" -l db -d 'The database file [default: smb.db in the platform data directory]' -r -F
complete -c smb -n "__fish_smb_using_subcommand tier" -l as -d 'Who is acting (advocate, AE or manager) [default: the OS user name]' -r
complete -c smb -n "__fish_smb_using_subcommand tier" -l now -d 'The current time, RFC 3339 or YYYY-MM-DD (00:00 UTC), for scripts and tests' -r
complete -c smb -n "__fish_smb_using_subcommand tier" -l format -d 'Output format' -r -f -a "table\t''
json\t''
csv\t''"
complete -c smb -n "__fish_smb_using_subcommand tier" -l explain -d 'Every rule checked, with the account\'s value against the threshold'
complete -c smb -n "__fish_smb_using_subcommand tier" -l summary -d 'Counts per region and tier instead of one row per account'
complete -c smb -n "__fish_smb_using_subcommand tier" -s h -l help -d 'Print help'
complete -c smb -n "__fish_smb_using_subcommand tier" -s V -l version -d 'Print version'
complete -c smb -n "__fish_smb_using_subcommand advocate; and not __fish_seen_subcommand_from add list help" -l db -d 'The database file [default: smb.db in the platform data directory]' -r -F
complete -c smb -n "__fish_smb_using_subcommand advocate; and not __fish_seen_subcommand_from add list help" -l as -d 'Who is acting (advocate, AE or manager) [default: the OS user name]' -r
complete -c smb -n "__fish_smb_using_subcommand advocate; and not __fish_seen_subcommand_from add list help" -l now -d 'The current time, RFC 3339 or YYYY-MM-DD (00:00 UTC), for scripts and tests' -r
complete -c smb -n "__fish_smb_using_subcommand advocate; and not __fish_seen_subcommand_from add list help" -l format -d 'Output format' -r -f -a "table\t''
json\t''
csv\t''"
complete -c smb -n "__fish_smb_using_subcommand advocate; and not __fish_seen_subcommand_from add list help" -s h -l help -d 'Print help'
complete -c smb -n "__fish_smb_using_subcommand advocate; and not __fish_seen_subcommand_from add list help" -s V -l version -d 'Print version'
complete -c smb -n "__fish_smb_using_subcommand advocate; and not __fish_seen_subcommand_from add list help" -f -a "add" -d 'Add a person, or update their profile'
complete -c smb -n "__fish_smb_using_subcommand advocate; and not __fish_seen_subcommand_from add list help" -f -a "list" -d 'List the team'
complete -c smb -n "__fish_smb_using_subcommand advocate; and not __fish_seen_subcommand_from add list help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c smb -n "__fish_smb_using_subcommand advocate; and __fish_seen_subcommand_from add" -l region -d 'AMER, APAC or EMEA: their queue (AMER and APAC share the AMER queue)' -r
complete -c smb -n "__fish_smb_using_subcommand advocate; and __fish_seen_subcommand_from add" -l languages -d 'Languages they speak, comma-separated' -r
complete -c smb -n "__fish_smb_using_subcommand advocate; and __fish_seen_subcommand_from add" -l role -d 'advocate (picks cases) or manager (reassigns, reads reports)' -r -f -a "advocate\t''
manager\t''"
complete -c smb -n "__fish_smb_using_subcommand advocate; and __fish_seen_subcommand_from add" -l capacity -d 'In Progress cases they may hold [default: 50]' -r
complete -c smb -n "__fish_smb_using_subcommand advocate; and __fish_seen_subcommand_from add" -l db -d 'The database file [default: smb.db in the platform data directory]' -r -F
complete -c smb -n "__fish_smb_using_subcommand advocate; and __fish_seen_subcommand_from add" -l as -d 'Who is acting (advocate, AE or manager) [default: the OS user name]' -r
complete -c smb -n "__fish_smb_using_subcommand advocate; and __fish_seen_subcommand_from add" -l now -d 'The current time, RFC 3339 or YYYY-MM-DD (00:00 UTC), for scripts and tests' -r
complete -c smb -n "__fish_smb_using_subcommand advocate; and __fish_seen_subcommand_from add" -l format -d 'Output format' -r -f -a "table\t''
json\t''
csv\t''"
complete -c smb -n "__fish_smb_using_subcommand advocate; and __fish_seen_subcommand_from add" -s h -l help -d 'Print help'
complete -c smb -n "__fish_smb_using_subcommand advocate; and __fish_seen_subcommand_from add" -s V -l version -d 'Print version'
complete -c smb -n "__fish_smb_using_subcommand advocate; and __fish_seen_subcommand_from list" -l db -d 'The database file [default: smb.db in the platform data directory]' -r -F
complete -c smb -n "__fish_smb_using_subcommand advocate; and __fish_seen_subcommand_from list" -l as -d 'Who is acting (advocate, AE or manager) [default: the OS user name]' -r
complete -c smb -n "__fish_smb_using_subcommand advocate; and __fish_seen_subcommand_from list" -l now -d 'The current time, RFC 3339 or YYYY-MM-DD (00:00 UTC), for scripts and tests' -r
complete -c smb -n "__fish_smb_using_subcommand advocate; and __fish_seen_subcommand_from list" -l format -d 'Output format' -r -f -a "table\t''
json\t''
csv\t''"
complete -c smb -n "__fish_smb_using_subcommand advocate; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help'
complete -c smb -n "__fish_smb_using_subcommand advocate; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c smb -n "__fish_smb_using_subcommand advocate; and __fish_seen_subcommand_from help" -f -a "add" -d 'Add a person, or update their profile'
complete -c smb -n "__fish_smb_using_subcommand advocate; and __fish_seen_subcommand_from help" -f -a "list" -d 'List the team'
complete -c smb -n "__fish_smb_using_subcommand advocate; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c smb -n "__fish_smb_using_subcommand completions" -l db -d 'The database file [default: smb.db in the platform data directory]' -r -F
complete -c smb -n "__fish_smb_using_subcommand completions" -l as -d 'Who is acting (advocate, AE or manager) [default: the OS user name]' -r
complete -c smb -n "__fish_smb_using_subcommand completions" -l now -d 'The current time, RFC 3339 or YYYY-MM-DD (00:00 UTC), for scripts and tests' -r
complete -c smb -n "__fish_smb_using_subcommand completions" -l format -d 'Output format' -r -f -a "table\t''
json\t''
csv\t''"
complete -c smb -n "__fish_smb_using_subcommand completions" -s h -l help -d 'Print help'
complete -c smb -n "__fish_smb_using_subcommand completions" -s V -l version -d 'Print version'
complete -c smb -n "__fish_smb_using_subcommand help; and not __fish_seen_subcommand_from init import tier advocate completions help" -f -a "init" -d 'Create the database for a model (digital or pooled). Any other command on a missing database creates a digital one; a database keeps its model'
complete -c smb -n "__fish_smb_using_subcommand help; and not __fish_seen_subcommand_from init import tier advocate completions help" -f -a "import" -d 'Import a CSV export. One bad row and nothing is written, unless --skip-invalid'
complete -c smb -n "__fish_smb_using_subcommand help; and not __fish_seen_subcommand_from init import tier advocate completions help" -f -a "tier" -d 'Show accounts\' segment and tier, with the reason in words'
complete -c smb -n "__fish_smb_using_subcommand help; and not __fish_seen_subcommand_from init import tier advocate completions help" -f -a "advocate" -d 'Add or list the people on the team: advocates (digital), pooled AEs, and managers'
complete -c smb -n "__fish_smb_using_subcommand help; and not __fish_seen_subcommand_from init import tier advocate completions help" -f -a "completions" -d 'Print the completion script for a shell'
complete -c smb -n "__fish_smb_using_subcommand help; and not __fish_seen_subcommand_from init import tier advocate completions help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c smb -n "__fish_smb_using_subcommand help; and __fish_seen_subcommand_from advocate" -f -a "add" -d 'Add a person, or update their profile'
complete -c smb -n "__fish_smb_using_subcommand help; and __fish_seen_subcommand_from advocate" -f -a "list" -d 'List the team'
