# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_smb_global_optspecs
    string join \n db= as= now= format= color= q/quiet limit= h/help V/version
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

complete -c smb -n "__fish_smb_needs_command" -l db -d 'The database: a file, or a postgres:// URL [default: smb.db in the platform data directory]' -r -F
complete -c smb -n "__fish_smb_needs_command" -l as -d 'Who is acting (advocate, AE or manager) [default: the OS user name]' -r
complete -c smb -n "__fish_smb_needs_command" -l now -d 'The current time, RFC 3339 or YYYY-MM-DD (00:00 UTC), for scripts and tests' -r
complete -c smb -n "__fish_smb_needs_command" -l format -d 'Output format: a table for people; JSON, JSON lines or CSV (one column per JSON key) for scripts' -r -f -a "table\t''
json\t''
jsonl\t''
csv\t''"
complete -c smb -n "__fish_smb_needs_command" -l color -d 'Colour: auto (a terminal, unless NO_COLOR is set or TERM=dumb; CLICOLOR_FORCE forces it), always or never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c smb -n "__fish_smb_needs_command" -l limit -d 'Show at most N rows of a list' -r
complete -c smb -n "__fish_smb_needs_command" -s q -l quiet -d 'Print nothing but errors (for cron)'
complete -c smb -n "__fish_smb_needs_command" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c smb -n "__fish_smb_needs_command" -s V -l version -d 'Print version'
complete -c smb -n "__fish_smb_needs_command" -f -a "init" -d 'Create the database for a model (digital or pooled)'
complete -c smb -n "__fish_smb_needs_command" -f -a "import" -d 'Import a CSV export. One bad row and nothing is written, unless --skip-invalid'
complete -c smb -n "__fish_smb_needs_command" -f -a "export" -d 'Write what smb changed for the CRM, as CSV in the import\'s own format'
complete -c smb -n "__fish_smb_needs_command" -f -a "tier" -d 'Show accounts\' segment and tier, with the reason in words'
complete -c smb -n "__fish_smb_needs_command" -f -a "trigger" -d 'Turn accounts, opportunities and inbound events into cases'
complete -c smb -n "__fish_smb_needs_command" -f -a "queue" -d 'Show the head of a queue, or the whole queue, in the model\'s order'
complete -c smb -n "__fish_smb_needs_command" -f -a "pick" -d 'Take the head of your queue (or case ID) and start work on it'
complete -c smb -n "__fish_smb_needs_command" -f -a "case" -d 'Create, show and work one case'
complete -c smb -n "__fish_smb_needs_command" -f -a "close" -d 'Close a case with a status and a resolution action'
complete -c smb -n "__fish_smb_needs_command" -f -a "opp" -d 'Create, change, close, list and show opportunities worked from a case'
complete -c smb -n "__fish_smb_needs_command" -f -a "today" -d 'What needs doing today on your cases'
complete -c smb -n "__fish_smb_needs_command" -f -a "escalate" -d 'Escalate overdue cases to the managers of their region, once'
complete -c smb -n "__fish_smb_needs_command" -f -a "report" -d 'The managers\' reports: SLA, aging, capacity, volume, hygiene, cases created by people, escalations, pick discipline'
complete -c smb -n "__fish_smb_needs_command" -f -a "forecast" -d 'Forecast the queues: expected arrivals, depth and SLA breaches per day, with percentiles'
complete -c smb -n "__fish_smb_needs_command" -f -a "advocate" -d 'Add or list the people on the team (advocates, pooled AEs, managers), and who is away'
complete -c smb -n "__fish_smb_needs_command" -f -a "db" -d 'Work on the database as a whole'
complete -c smb -n "__fish_smb_needs_command" -f -a "demo" -d 'Build a demo database from the built-in sample export and walk through a day'
complete -c smb -n "__fish_smb_needs_command" -f -a "completions" -d 'Print the completion script for a shell'
complete -c smb -n "__fish_smb_needs_command" -f -a "whoami" -d 'Who is acting, with which profile, on which database, and where each came from'
complete -c smb -n "__fish_smb_needs_command" -f -a "man" -d 'Print the manual page (roff): `smb man | man -l -`'
complete -c smb -n "__fish_smb_needs_command" -f -a "template" -d 'The email templates: one per trigger, and the cadence layout they share'
complete -c smb -n "__fish_smb_needs_command" -f -a "calendar" -d 'Holidays per region: days the pooled SLA clocks of that region do not count'
complete -c smb -n "__fish_smb_needs_command" -f -a "settings" -d 'Settings: trigger windows, SLA targets, business hours, capacity, the Upgrade cap'
complete -c smb -n "__fish_smb_needs_command" -f -a "complete" -d 'Names for the completion scripts (people, queues), one a line'
complete -c smb -n "__fish_smb_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c smb -n "__fish_smb_using_subcommand init" -l model -d 'The playbook this database runs [default: digital]' -r -f -a "digital\t''
pooled\t''"
complete -c smb -n "__fish_smb_using_subcommand init" -l fiscal-year-start -d 'Month the fiscal year starts in: a name (february, feb) or a number (2) [default: february]' -r
complete -c smb -n "__fish_smb_using_subcommand init" -l db -d 'The database: a file, or a postgres:// URL [default: smb.db in the platform data directory]' -r -F
complete -c smb -n "__fish_smb_using_subcommand init" -l as -d 'Who is acting (advocate, AE or manager) [default: the OS user name]' -r
complete -c smb -n "__fish_smb_using_subcommand init" -l now -d 'The current time, RFC 3339 or YYYY-MM-DD (00:00 UTC), for scripts and tests' -r
complete -c smb -n "__fish_smb_using_subcommand init" -l format -d 'Output format: a table for people; JSON, JSON lines or CSV (one column per JSON key) for scripts' -r -f -a "table\t''
json\t''
jsonl\t''
csv\t''"
complete -c smb -n "__fish_smb_using_subcommand init" -l color -d 'Colour: auto (a terminal, unless NO_COLOR is set or TERM=dumb; CLICOLOR_FORCE forces it), always or never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c smb -n "__fish_smb_using_subcommand init" -l limit -d 'Show at most N rows of a list' -r
complete -c smb -n "__fish_smb_using_subcommand init" -s q -l quiet -d 'Print nothing but errors (for cron)'
complete -c smb -n "__fish_smb_using_subcommand init" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c smb -n "__fish_smb_using_subcommand init" -s V -l version -d 'Print version'
complete -c smb -n "__fish_smb_using_subcommand import" -l rejects -d 'Where --skip-invalid writes the rejected rows (CSV)' -r -F
complete -c smb -n "__fish_smb_using_subcommand import" -l db -d 'The database: a file, or a postgres:// URL [default: smb.db in the platform data directory]' -r -F
complete -c smb -n "__fish_smb_using_subcommand import" -l as -d 'Who is acting (advocate, AE or manager) [default: the OS user name]' -r
complete -c smb -n "__fish_smb_using_subcommand import" -l now -d 'The current time, RFC 3339 or YYYY-MM-DD (00:00 UTC), for scripts and tests' -r
complete -c smb -n "__fish_smb_using_subcommand import" -l format -d 'Output format: a table for people; JSON, JSON lines or CSV (one column per JSON key) for scripts' -r -f -a "table\t''
json\t''
jsonl\t''
csv\t''"
complete -c smb -n "__fish_smb_using_subcommand import" -l color -d 'Colour: auto (a terminal, unless NO_COLOR is set or TERM=dumb; CLICOLOR_FORCE forces it), always or never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c smb -n "__fish_smb_using_subcommand import" -l limit -d 'Show at most N rows of a list' -r
complete -c smb -n "__fish_smb_using_subcommand import" -l skip-invalid -d 'Import the good rows and write the bad ones, each with its error, to --rejects'
complete -c smb -n "__fish_smb_using_subcommand import" -l plan -d 'Write nothing: say what the import would do, and the cases a trigger run right after it would create'
complete -c smb -n "__fish_smb_using_subcommand import" -s q -l quiet -d 'Print nothing but errors (for cron)'
complete -c smb -n "__fish_smb_using_subcommand import" -s h -l help -d 'Print help'
complete -c smb -n "__fish_smb_using_subcommand import" -s V -l version -d 'Print version'
complete -c smb -n "__fish_smb_using_subcommand export; and not __fish_seen_subcommand_from opportunities help" -l db -d 'The database: a file, or a postgres:// URL [default: smb.db in the platform data directory]' -r -F
complete -c smb -n "__fish_smb_using_subcommand export; and not __fish_seen_subcommand_from opportunities help" -l as -d 'Who is acting (advocate, AE or manager) [default: the OS user name]' -r
complete -c smb -n "__fish_smb_using_subcommand export; and not __fish_seen_subcommand_from opportunities help" -l now -d 'The current time, RFC 3339 or YYYY-MM-DD (00:00 UTC), for scripts and tests' -r
complete -c smb -n "__fish_smb_using_subcommand export; and not __fish_seen_subcommand_from opportunities help" -l format -d 'Output format: a table for people; JSON, JSON lines or CSV (one column per JSON key) for scripts' -r -f -a "table\t''
json\t''
jsonl\t''
csv\t''"
complete -c smb -n "__fish_smb_using_subcommand export; and not __fish_seen_subcommand_from opportunities help" -l color -d 'Colour: auto (a terminal, unless NO_COLOR is set or TERM=dumb; CLICOLOR_FORCE forces it), always or never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c smb -n "__fish_smb_using_subcommand export; and not __fish_seen_subcommand_from opportunities help" -l limit -d 'Show at most N rows of a list' -r
complete -c smb -n "__fish_smb_using_subcommand export; and not __fish_seen_subcommand_from opportunities help" -s q -l quiet -d 'Print nothing but errors (for cron)'
complete -c smb -n "__fish_smb_using_subcommand export; and not __fish_seen_subcommand_from opportunities help" -s h -l help -d 'Print help'
complete -c smb -n "__fish_smb_using_subcommand export; and not __fish_seen_subcommand_from opportunities help" -s V -l version -d 'Print version'
complete -c smb -n "__fish_smb_using_subcommand export; and not __fish_seen_subcommand_from opportunities help" -f -a "opportunities" -d 'The opportunities created or changed in smb that no import has carried since'
complete -c smb -n "__fish_smb_using_subcommand export; and not __fish_seen_subcommand_from opportunities help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c smb -n "__fish_smb_using_subcommand export; and __fish_seen_subcommand_from opportunities" -l changed-since -d 'Only those changed on or after this day (your time zone): YYYY-MM-DD, today, …' -r
complete -c smb -n "__fish_smb_using_subcommand export; and __fish_seen_subcommand_from opportunities" -l db -d 'The database: a file, or a postgres:// URL [default: smb.db in the platform data directory]' -r -F
complete -c smb -n "__fish_smb_using_subcommand export; and __fish_seen_subcommand_from opportunities" -l as -d 'Who is acting (advocate, AE or manager) [default: the OS user name]' -r
complete -c smb -n "__fish_smb_using_subcommand export; and __fish_seen_subcommand_from opportunities" -l now -d 'The current time, RFC 3339 or YYYY-MM-DD (00:00 UTC), for scripts and tests' -r
complete -c smb -n "__fish_smb_using_subcommand export; and __fish_seen_subcommand_from opportunities" -l format -d 'Output format: a table for people; JSON, JSON lines or CSV (one column per JSON key) for scripts' -r -f -a "table\t''
json\t''
jsonl\t''
csv\t''"
complete -c smb -n "__fish_smb_using_subcommand export; and __fish_seen_subcommand_from opportunities" -l color -d 'Colour: auto (a terminal, unless NO_COLOR is set or TERM=dumb; CLICOLOR_FORCE forces it), always or never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c smb -n "__fish_smb_using_subcommand export; and __fish_seen_subcommand_from opportunities" -l limit -d 'Show at most N rows of a list' -r
complete -c smb -n "__fish_smb_using_subcommand export; and __fish_seen_subcommand_from opportunities" -s q -l quiet -d 'Print nothing but errors (for cron)'
complete -c smb -n "__fish_smb_using_subcommand export; and __fish_seen_subcommand_from opportunities" -s h -l help -d 'Print help'
complete -c smb -n "__fish_smb_using_subcommand export; and __fish_seen_subcommand_from opportunities" -s V -l version -d 'Print version'
complete -c smb -n "__fish_smb_using_subcommand export; and __fish_seen_subcommand_from help" -f -a "opportunities" -d 'The opportunities created or changed in smb that no import has carried since'
complete -c smb -n "__fish_smb_using_subcommand export; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c smb -n "__fish_smb_using_subcommand tier" -l db -d 'The database: a file, or a postgres:// URL [default: smb.db in the platform data directory]' -r -F
complete -c smb -n "__fish_smb_using_subcommand tier" -l as -d 'Who is acting (advocate, AE or manager) [default: the OS user name]' -r
complete -c smb -n "__fish_smb_using_subcommand tier" -l now -d 'The current time, RFC 3339 or YYYY-MM-DD (00:00 UTC), for scripts and tests' -r
complete -c smb -n "__fish_smb_using_subcommand tier" -l format -d 'Output format: a table for people; JSON, JSON lines or CSV (one column per JSON key) for scripts' -r -f -a "table\t''
json\t''
jsonl\t''
csv\t''"
complete -c smb -n "__fish_smb_using_subcommand tier" -l color -d 'Colour: auto (a terminal, unless NO_COLOR is set or TERM=dumb; CLICOLOR_FORCE forces it), always or never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c smb -n "__fish_smb_using_subcommand tier" -l limit -d 'Show at most N rows of a list' -r
complete -c smb -n "__fish_smb_using_subcommand tier" -l explain -d 'Every rule checked, with the account\'s value against the threshold'
complete -c smb -n "__fish_smb_using_subcommand tier" -l summary -d 'Counts per region and tier instead of one row per account'
complete -c smb -n "__fish_smb_using_subcommand tier" -s q -l quiet -d 'Print nothing but errors (for cron)'
complete -c smb -n "__fish_smb_using_subcommand tier" -s h -l help -d 'Print help'
complete -c smb -n "__fish_smb_using_subcommand tier" -s V -l version -d 'Print version'
complete -c smb -n "__fish_smb_using_subcommand trigger; and not __fish_seen_subcommand_from list run explain help" -l db -d 'The database: a file, or a postgres:// URL [default: smb.db in the platform data directory]' -r -F
complete -c smb -n "__fish_smb_using_subcommand trigger; and not __fish_seen_subcommand_from list run explain help" -l as -d 'Who is acting (advocate, AE or manager) [default: the OS user name]' -r
complete -c smb -n "__fish_smb_using_subcommand trigger; and not __fish_seen_subcommand_from list run explain help" -l now -d 'The current time, RFC 3339 or YYYY-MM-DD (00:00 UTC), for scripts and tests' -r
complete -c smb -n "__fish_smb_using_subcommand trigger; and not __fish_seen_subcommand_from list run explain help" -l format -d 'Output format: a table for people; JSON, JSON lines or CSV (one column per JSON key) for scripts' -r -f -a "table\t''
json\t''
jsonl\t''
csv\t''"
complete -c smb -n "__fish_smb_using_subcommand trigger; and not __fish_seen_subcommand_from list run explain help" -l color -d 'Colour: auto (a terminal, unless NO_COLOR is set or TERM=dumb; CLICOLOR_FORCE forces it), always or never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c smb -n "__fish_smb_using_subcommand trigger; and not __fish_seen_subcommand_from list run explain help" -l limit -d 'Show at most N rows of a list' -r
complete -c smb -n "__fish_smb_using_subcommand trigger; and not __fish_seen_subcommand_from list run explain help" -s q -l quiet -d 'Print nothing but errors (for cron)'
complete -c smb -n "__fish_smb_using_subcommand trigger; and not __fish_seen_subcommand_from list run explain help" -s h -l help -d 'Print help'
complete -c smb -n "__fish_smb_using_subcommand trigger; and not __fish_seen_subcommand_from list run explain help" -s V -l version -d 'Print version'
complete -c smb -n "__fish_smb_using_subcommand trigger; and not __fish_seen_subcommand_from list run explain help" -f -a "list" -d 'The triggers of the database\'s model: key, category, priority and when each fires'
complete -c smb -n "__fish_smb_using_subcommand trigger; and not __fish_seen_subcommand_from list run explain help" -f -a "run" -d 'Evaluate every trigger as of --now and create the cases; a second run creates nothing'
complete -c smb -n "__fish_smb_using_subcommand trigger; and not __fish_seen_subcommand_from list run explain help" -f -a "explain" -d 'Every trigger of the catalog on one account: fires, or why not'
complete -c smb -n "__fish_smb_using_subcommand trigger; and not __fish_seen_subcommand_from list run explain help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c smb -n "__fish_smb_using_subcommand trigger; and __fish_seen_subcommand_from list" -l db -d 'The database: a file, or a postgres:// URL [default: smb.db in the platform data directory]' -r -F
complete -c smb -n "__fish_smb_using_subcommand trigger; and __fish_seen_subcommand_from list" -l as -d 'Who is acting (advocate, AE or manager) [default: the OS user name]' -r
complete -c smb -n "__fish_smb_using_subcommand trigger; and __fish_seen_subcommand_from list" -l now -d 'The current time, RFC 3339 or YYYY-MM-DD (00:00 UTC), for scripts and tests' -r
complete -c smb -n "__fish_smb_using_subcommand trigger; and __fish_seen_subcommand_from list" -l format -d 'Output format: a table for people; JSON, JSON lines or CSV (one column per JSON key) for scripts' -r -f -a "table\t''
json\t''
jsonl\t''
csv\t''"
complete -c smb -n "__fish_smb_using_subcommand trigger; and __fish_seen_subcommand_from list" -l color -d 'Colour: auto (a terminal, unless NO_COLOR is set or TERM=dumb; CLICOLOR_FORCE forces it), always or never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c smb -n "__fish_smb_using_subcommand trigger; and __fish_seen_subcommand_from list" -l limit -d 'Show at most N rows of a list' -r
complete -c smb -n "__fish_smb_using_subcommand trigger; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Print nothing but errors (for cron)'
complete -c smb -n "__fish_smb_using_subcommand trigger; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help'
complete -c smb -n "__fish_smb_using_subcommand trigger; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c smb -n "__fish_smb_using_subcommand trigger; and __fish_seen_subcommand_from run" -l db -d 'The database: a file, or a postgres:// URL [default: smb.db in the platform data directory]' -r -F
complete -c smb -n "__fish_smb_using_subcommand trigger; and __fish_seen_subcommand_from run" -l as -d 'Who is acting (advocate, AE or manager) [default: the OS user name]' -r
complete -c smb -n "__fish_smb_using_subcommand trigger; and __fish_seen_subcommand_from run" -l now -d 'The current time, RFC 3339 or YYYY-MM-DD (00:00 UTC), for scripts and tests' -r
complete -c smb -n "__fish_smb_using_subcommand trigger; and __fish_seen_subcommand_from run" -l format -d 'Output format: a table for people; JSON, JSON lines or CSV (one column per JSON key) for scripts' -r -f -a "table\t''
json\t''
jsonl\t''
csv\t''"
complete -c smb -n "__fish_smb_using_subcommand trigger; and __fish_seen_subcommand_from run" -l color -d 'Colour: auto (a terminal, unless NO_COLOR is set or TERM=dumb; CLICOLOR_FORCE forces it), always or never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c smb -n "__fish_smb_using_subcommand trigger; and __fish_seen_subcommand_from run" -l limit -d 'Show at most N rows of a list' -r
complete -c smb -n "__fish_smb_using_subcommand trigger; and __fish_seen_subcommand_from run" -l dry-run -d 'Show what would be created; write nothing'
complete -c smb -n "__fish_smb_using_subcommand trigger; and __fish_seen_subcommand_from run" -s q -l quiet -d 'Print nothing but errors (for cron)'
complete -c smb -n "__fish_smb_using_subcommand trigger; and __fish_seen_subcommand_from run" -s h -l help -d 'Print help'
complete -c smb -n "__fish_smb_using_subcommand trigger; and __fish_seen_subcommand_from run" -s V -l version -d 'Print version'
complete -c smb -n "__fish_smb_using_subcommand trigger; and __fish_seen_subcommand_from explain" -l db -d 'The database: a file, or a postgres:// URL [default: smb.db in the platform data directory]' -r -F
complete -c smb -n "__fish_smb_using_subcommand trigger; and __fish_seen_subcommand_from explain" -l as -d 'Who is acting (advocate, AE or manager) [default: the OS user name]' -r
complete -c smb -n "__fish_smb_using_subcommand trigger; and __fish_seen_subcommand_from explain" -l now -d 'The current time, RFC 3339 or YYYY-MM-DD (00:00 UTC), for scripts and tests' -r
complete -c smb -n "__fish_smb_using_subcommand trigger; and __fish_seen_subcommand_from explain" -l format -d 'Output format: a table for people; JSON, JSON lines or CSV (one column per JSON key) for scripts' -r -f -a "table\t''
json\t''
jsonl\t''
csv\t''"
complete -c smb -n "__fish_smb_using_subcommand trigger; and __fish_seen_subcommand_from explain" -l color -d 'Colour: auto (a terminal, unless NO_COLOR is set or TERM=dumb; CLICOLOR_FORCE forces it), always or never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c smb -n "__fish_smb_using_subcommand trigger; and __fish_seen_subcommand_from explain" -l limit -d 'Show at most N rows of a list' -r
complete -c smb -n "__fish_smb_using_subcommand trigger; and __fish_seen_subcommand_from explain" -s q -l quiet -d 'Print nothing but errors (for cron)'
complete -c smb -n "__fish_smb_using_subcommand trigger; and __fish_seen_subcommand_from explain" -s h -l help -d 'Print help'
complete -c smb -n "__fish_smb_using_subcommand trigger; and __fish_seen_subcommand_from explain" -s V -l version -d 'Print version'
complete -c smb -n "__fish_smb_using_subcommand trigger; and __fish_seen_subcommand_from help" -f -a "list" -d 'The triggers of the database\'s model: key, category, priority and when each fires'
complete -c smb -n "__fish_smb_using_subcommand trigger; and __fish_seen_subcommand_from help" -f -a "run" -d 'Evaluate every trigger as of --now and create the cases; a second run creates nothing'
complete -c smb -n "__fish_smb_using_subcommand trigger; and __fish_seen_subcommand_from help" -f -a "explain" -d 'Every trigger of the catalog on one account: fires, or why not'
complete -c smb -n "__fish_smb_using_subcommand trigger; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c smb -n "__fish_smb_using_subcommand queue; and not __fish_seen_subcommand_from next list help" -l db -d 'The database: a file, or a postgres:// URL [default: smb.db in the platform data directory]' -r -F
complete -c smb -n "__fish_smb_using_subcommand queue; and not __fish_seen_subcommand_from next list help" -l as -d 'Who is acting (advocate, AE or manager) [default: the OS user name]' -r
complete -c smb -n "__fish_smb_using_subcommand queue; and not __fish_seen_subcommand_from next list help" -l now -d 'The current time, RFC 3339 or YYYY-MM-DD (00:00 UTC), for scripts and tests' -r
complete -c smb -n "__fish_smb_using_subcommand queue; and not __fish_seen_subcommand_from next list help" -l format -d 'Output format: a table for people; JSON, JSON lines or CSV (one column per JSON key) for scripts' -r -f -a "table\t''
json\t''
jsonl\t''
csv\t''"
complete -c smb -n "__fish_smb_using_subcommand queue; and not __fish_seen_subcommand_from next list help" -l color -d 'Colour: auto (a terminal, unless NO_COLOR is set or TERM=dumb; CLICOLOR_FORCE forces it), always or never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c smb -n "__fish_smb_using_subcommand queue; and not __fish_seen_subcommand_from next list help" -l limit -d 'Show at most N rows of a list' -r
complete -c smb -n "__fish_smb_using_subcommand queue; and not __fish_seen_subcommand_from next list help" -s q -l quiet -d 'Print nothing but errors (for cron)'
complete -c smb -n "__fish_smb_using_subcommand queue; and not __fish_seen_subcommand_from next list help" -s h -l help -d 'Print help'
complete -c smb -n "__fish_smb_using_subcommand queue; and not __fish_seen_subcommand_from next list help" -s V -l version -d 'Print version'
complete -c smb -n "__fish_smb_using_subcommand queue; and not __fish_seen_subcommand_from next list help" -f -a "next" -d 'The case to pick next, why, and when its SLA runs out'
complete -c smb -n "__fish_smb_using_subcommand queue; and not __fish_seen_subcommand_from next list help" -f -a "list" -d 'Every case waiting in the queue, in order'
complete -c smb -n "__fish_smb_using_subcommand queue; and not __fish_seen_subcommand_from next list help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c smb -n "__fish_smb_using_subcommand queue; and __fish_seen_subcommand_from next" -l queue -d 'AMER, EMEA or a pooled AE\'s pool [default: your queue, from `smb advocate add`]' -r
complete -c smb -n "__fish_smb_using_subcommand queue; and __fish_seen_subcommand_from next" -l db -d 'The database: a file, or a postgres:// URL [default: smb.db in the platform data directory]' -r -F
complete -c smb -n "__fish_smb_using_subcommand queue; and __fish_seen_subcommand_from next" -l as -d 'Who is acting (advocate, AE or manager) [default: the OS user name]' -r
complete -c smb -n "__fish_smb_using_subcommand queue; and __fish_seen_subcommand_from next" -l now -d 'The current time, RFC 3339 or YYYY-MM-DD (00:00 UTC), for scripts and tests' -r
complete -c smb -n "__fish_smb_using_subcommand queue; and __fish_seen_subcommand_from next" -l format -d 'Output format: a table for people; JSON, JSON lines or CSV (one column per JSON key) for scripts' -r -f -a "table\t''
json\t''
jsonl\t''
csv\t''"
complete -c smb -n "__fish_smb_using_subcommand queue; and __fish_seen_subcommand_from next" -l color -d 'Colour: auto (a terminal, unless NO_COLOR is set or TERM=dumb; CLICOLOR_FORCE forces it), always or never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c smb -n "__fish_smb_using_subcommand queue; and __fish_seen_subcommand_from next" -l limit -d 'Show at most N rows of a list' -r
complete -c smb -n "__fish_smb_using_subcommand queue; and __fish_seen_subcommand_from next" -s q -l quiet -d 'Print nothing but errors (for cron)'
complete -c smb -n "__fish_smb_using_subcommand queue; and __fish_seen_subcommand_from next" -s h -l help -d 'Print help'
complete -c smb -n "__fish_smb_using_subcommand queue; and __fish_seen_subcommand_from next" -s V -l version -d 'Print version'
complete -c smb -n "__fish_smb_using_subcommand queue; and __fish_seen_subcommand_from list" -l queue -d 'AMER, EMEA or a pooled AE\'s pool [default: your queue, from `smb advocate add`]' -r
complete -c smb -n "__fish_smb_using_subcommand queue; and __fish_seen_subcommand_from list" -l as-of -d 'The queue as it stood at this past moment, rebuilt from the history (RFC 3339 or a date)' -r
complete -c smb -n "__fish_smb_using_subcommand queue; and __fish_seen_subcommand_from list" -l db -d 'The database: a file, or a postgres:// URL [default: smb.db in the platform data directory]' -r -F
complete -c smb -n "__fish_smb_using_subcommand queue; and __fish_seen_subcommand_from list" -l as -d 'Who is acting (advocate, AE or manager) [default: the OS user name]' -r
complete -c smb -n "__fish_smb_using_subcommand queue; and __fish_seen_subcommand_from list" -l now -d 'The current time, RFC 3339 or YYYY-MM-DD (00:00 UTC), for scripts and tests' -r
complete -c smb -n "__fish_smb_using_subcommand queue; and __fish_seen_subcommand_from list" -l format -d 'Output format: a table for people; JSON, JSON lines or CSV (one column per JSON key) for scripts' -r -f -a "table\t''
json\t''
jsonl\t''
csv\t''"
complete -c smb -n "__fish_smb_using_subcommand queue; and __fish_seen_subcommand_from list" -l color -d 'Colour: auto (a terminal, unless NO_COLOR is set or TERM=dumb; CLICOLOR_FORCE forces it), always or never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c smb -n "__fish_smb_using_subcommand queue; and __fish_seen_subcommand_from list" -l limit -d 'Show at most N rows of a list' -r
complete -c smb -n "__fish_smb_using_subcommand queue; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Print nothing but errors (for cron)'
complete -c smb -n "__fish_smb_using_subcommand queue; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help'
complete -c smb -n "__fish_smb_using_subcommand queue; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c smb -n "__fish_smb_using_subcommand queue; and __fish_seen_subcommand_from help" -f -a "next" -d 'The case to pick next, why, and when its SLA runs out'
complete -c smb -n "__fish_smb_using_subcommand queue; and __fish_seen_subcommand_from help" -f -a "list" -d 'Every case waiting in the queue, in order'
complete -c smb -n "__fish_smb_using_subcommand queue; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c smb -n "__fish_smb_using_subcommand pick" -l reason -d 'Why the queue order is overridden (recorded in the history)' -r
complete -c smb -n "__fish_smb_using_subcommand pick" -l next-steps -d 'Next steps to record on the case' -r
complete -c smb -n "__fish_smb_using_subcommand pick" -l next-steps-date -d 'When the next steps are due: YYYY-MM-DD, today, tomorrow, +3d, +2w, +6m or a weekday (a past date needs --force)' -r
complete -c smb -n "__fish_smb_using_subcommand pick" -l db -d 'The database: a file, or a postgres:// URL [default: smb.db in the platform data directory]' -r -F
complete -c smb -n "__fish_smb_using_subcommand pick" -l as -d 'Who is acting (advocate, AE or manager) [default: the OS user name]' -r
complete -c smb -n "__fish_smb_using_subcommand pick" -l now -d 'The current time, RFC 3339 or YYYY-MM-DD (00:00 UTC), for scripts and tests' -r
complete -c smb -n "__fish_smb_using_subcommand pick" -l format -d 'Output format: a table for people; JSON, JSON lines or CSV (one column per JSON key) for scripts' -r -f -a "table\t''
json\t''
jsonl\t''
csv\t''"
complete -c smb -n "__fish_smb_using_subcommand pick" -l color -d 'Colour: auto (a terminal, unless NO_COLOR is set or TERM=dumb; CLICOLOR_FORCE forces it), always or never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c smb -n "__fish_smb_using_subcommand pick" -l limit -d 'Show at most N rows of a list' -r
complete -c smb -n "__fish_smb_using_subcommand pick" -l force -d 'Pick a case that is not the head of your queue (needs --reason)'
complete -c smb -n "__fish_smb_using_subcommand pick" -s q -l quiet -d 'Print nothing but errors (for cron)'
complete -c smb -n "__fish_smb_using_subcommand pick" -s h -l help -d 'Print help'
complete -c smb -n "__fish_smb_using_subcommand pick" -s V -l version -d 'Print version'
complete -c smb -n "__fish_smb_using_subcommand case; and not __fish_seen_subcommand_from list show new update log defer assign email draft help" -l db -d 'The database: a file, or a postgres:// URL [default: smb.db in the platform data directory]' -r -F
complete -c smb -n "__fish_smb_using_subcommand case; and not __fish_seen_subcommand_from list show new update log defer assign email draft help" -l as -d 'Who is acting (advocate, AE or manager) [default: the OS user name]' -r
complete -c smb -n "__fish_smb_using_subcommand case; and not __fish_seen_subcommand_from list show new update log defer assign email draft help" -l now -d 'The current time, RFC 3339 or YYYY-MM-DD (00:00 UTC), for scripts and tests' -r
complete -c smb -n "__fish_smb_using_subcommand case; and not __fish_seen_subcommand_from list show new update log defer assign email draft help" -l format -d 'Output format: a table for people; JSON, JSON lines or CSV (one column per JSON key) for scripts' -r -f -a "table\t''
json\t''
jsonl\t''
csv\t''"
complete -c smb -n "__fish_smb_using_subcommand case; and not __fish_seen_subcommand_from list show new update log defer assign email draft help" -l color -d 'Colour: auto (a terminal, unless NO_COLOR is set or TERM=dumb; CLICOLOR_FORCE forces it), always or never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c smb -n "__fish_smb_using_subcommand case; and not __fish_seen_subcommand_from list show new update log defer assign email draft help" -l limit -d 'Show at most N rows of a list' -r
complete -c smb -n "__fish_smb_using_subcommand case; and not __fish_seen_subcommand_from list show new update log defer assign email draft help" -s q -l quiet -d 'Print nothing but errors (for cron)'
complete -c smb -n "__fish_smb_using_subcommand case; and not __fish_seen_subcommand_from list show new update log defer assign email draft help" -s h -l help -d 'Print help'
complete -c smb -n "__fish_smb_using_subcommand case; and not __fish_seen_subcommand_from list show new update log defer assign email draft help" -s V -l version -d 'Print version'
complete -c smb -n "__fish_smb_using_subcommand case; and not __fish_seen_subcommand_from list show new update log defer assign email draft help" -f -a "list" -d 'Your cases (My Cases): Open and In Progress, the most urgent first'
complete -c smb -n "__fish_smb_using_subcommand case; and not __fish_seen_subcommand_from list show new update log defer assign email draft help" -f -a "show" -d 'Show a case\'s fields and its history'
complete -c smb -n "__fish_smb_using_subcommand case; and not __fish_seen_subcommand_from list show new update log defer assign email draft help" -f -a "new" -d 'Create a case by hand; it is routed like any new case'
complete -c smb -n "__fish_smb_using_subcommand case; and not __fish_seen_subcommand_from list show new update log defer assign email draft help" -f -a "update" -d 'Change a case: next steps (mandatory while In Progress), links, reason, feedback'
complete -c smb -n "__fish_smb_using_subcommand case; and not __fish_seen_subcommand_from list show new update log defer assign email draft help" -f -a "log" -d 'Record a touch (email or call) on a case'
complete -c smb -n "__fish_smb_using_subcommand case; and not __fish_seen_subcommand_from list show new update log defer assign email draft help" -f -a "defer" -d 'Put a case back in the queue, hidden until a date; any advocate may pick it then'
complete -c smb -n "__fish_smb_using_subcommand case; and not __fish_seen_subcommand_from list show new update log defer assign email draft help" -f -a "assign" -d 'Reassign a case to another advocate (a manager\'s job, or a PTO cover)'
complete -c smb -n "__fish_smb_using_subcommand case; and not __fish_seen_subcommand_from list show new update log defer assign email draft help" -f -a "email" -d 'Turn an email into a case (or attach a reply to its case)'
complete -c smb -n "__fish_smb_using_subcommand case; and not __fish_seen_subcommand_from list show new update log defer assign email draft help" -f -a "draft" -d 'Print the email (or call notes) for a case\'s next touch, from its trigger\'s template'
complete -c smb -n "__fish_smb_using_subcommand case; and not __fish_seen_subcommand_from list show new update log defer assign email draft help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c smb -n "__fish_smb_using_subcommand case; and __fish_seen_subcommand_from list" -l owner -d 'Whose cases [default: yours]' -r
complete -c smb -n "__fish_smb_using_subcommand case; and __fish_seen_subcommand_from list" -l status -d 'open, in-progress, closed or any [default: open and in-progress]' -r -f -a "open\t''
in-progress\t''
closed\t''
any\t''"
complete -c smb -n "__fish_smb_using_subcommand case; and __fish_seen_subcommand_from list" -l account -d 'Only this account\'s cases' -r
complete -c smb -n "__fish_smb_using_subcommand case; and __fish_seen_subcommand_from list" -l queue -d 'Only cases in this queue (AMER, EMEA or a pooled AE\'s pool)' -r
complete -c smb -n "__fish_smb_using_subcommand case; and __fish_seen_subcommand_from list" -l trigger -d 'Only cases of this trigger (see `smb trigger list`)' -r -f -a "email_to_case\t''
contact_sales_request\t''
hand_raise_pql\t''
support_ticket\t''
sdr_created\t''
auto_renew_off\t''
renewal_payment_failure\t''
fo_opp\t''
fo_opp_startup\t''
qsr_payment_failure\t''
customer_mql\t''
duo_trial_started\t''
po_renewal\t''
eoa_renewal\t''
multiyear_renewal\t''
renewal_will_churn\t''
auto_renewal_due_to_fail\t''
free_user_limit\t''
renewal_with_duo\t''
missing_renewal_opp\t''
high_value_account\t''
high_value_checkin\t''
future_high_value\t''
manual\t''
failed_auto_renewal\t''
failed_qsr\t''
non_auto_renewal\t''
past_due_renewal\t''
new_pte\t''
new_ptc\t''
overage\t''
underutilization\t''"
complete -c smb -n "__fish_smb_using_subcommand case; and __fish_seen_subcommand_from list" -l created-by -d 'Only cases created by this person' -r
complete -c smb -n "__fish_smb_using_subcommand case; and __fish_seen_subcommand_from list" -l db -d 'The database: a file, or a postgres:// URL [default: smb.db in the platform data directory]' -r -F
complete -c smb -n "__fish_smb_using_subcommand case; and __fish_seen_subcommand_from list" -l as -d 'Who is acting (advocate, AE or manager) [default: the OS user name]' -r
complete -c smb -n "__fish_smb_using_subcommand case; and __fish_seen_subcommand_from list" -l now -d 'The current time, RFC 3339 or YYYY-MM-DD (00:00 UTC), for scripts and tests' -r
complete -c smb -n "__fish_smb_using_subcommand case; and __fish_seen_subcommand_from list" -l format -d 'Output format: a table for people; JSON, JSON lines or CSV (one column per JSON key) for scripts' -r -f -a "table\t''
json\t''
jsonl\t''
csv\t''"
complete -c smb -n "__fish_smb_using_subcommand case; and __fish_seen_subcommand_from list" -l color -d 'Colour: auto (a terminal, unless NO_COLOR is set or TERM=dumb; CLICOLOR_FORCE forces it), always or never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c smb -n "__fish_smb_using_subcommand case; and __fish_seen_subcommand_from list" -l limit -d 'Show at most N rows of a list' -r
complete -c smb -n "__fish_smb_using_subcommand case; and __fish_seen_subcommand_from list" -l all-owners -d 'Everyone\'s cases'
complete -c smb -n "__fish_smb_using_subcommand case; and __fish_seen_subcommand_from list" -l overdue -d 'Only cases past their next steps date, or Open past their pick-up SLA'
complete -c smb -n "__fish_smb_using_subcommand case; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Print nothing but errors (for cron)'
complete -c smb -n "__fish_smb_using_subcommand case; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help'
complete -c smb -n "__fish_smb_using_subcommand case; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c smb -n "__fish_smb_using_subcommand case; and __fish_seen_subcommand_from show" -l as-of -d 'The case as it stood at this past moment, rebuilt from its history (RFC 3339 or a date)' -r
complete -c smb -n "__fish_smb_using_subcommand case; and __fish_seen_subcommand_from show" -l db -d 'The database: a file, or a postgres:// URL [default: smb.db in the platform data directory]' -r -F
complete -c smb -n "__fish_smb_using_subcommand case; and __fish_seen_subcommand_from show" -l as -d 'Who is acting (advocate, AE or manager) [default: the OS user name]' -r
complete -c smb -n "__fish_smb_using_subcommand case; and __fish_seen_subcommand_from show" -l now -d 'The current time, RFC 3339 or YYYY-MM-DD (00:00 UTC), for scripts and tests' -r
complete -c smb -n "__fish_smb_using_subcommand case; and __fish_seen_subcommand_from show" -l format -d 'Output format: a table for people; JSON, JSON lines or CSV (one column per JSON key) for scripts' -r -f -a "table\t''
json\t''
jsonl\t''
csv\t''"
complete -c smb -n "__fish_smb_using_subcommand case; and __fish_seen_subcommand_from show" -l color -d 'Colour: auto (a terminal, unless NO_COLOR is set or TERM=dumb; CLICOLOR_FORCE forces it), always or never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c smb -n "__fish_smb_using_subcommand case; and __fish_seen_subcommand_from show" -l limit -d 'Show at most N rows of a list' -r
complete -c smb -n "__fish_smb_using_subcommand case; and __fish_seen_subcommand_from show" -s q -l quiet -d 'Print nothing but errors (for cron)'
complete -c smb -n "__fish_smb_using_subcommand case; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help'
complete -c smb -n "__fish_smb_using_subcommand case; and __fish_seen_subcommand_from show" -s V -l version -d 'Print version'
complete -c smb -n "__fish_smb_using_subcommand case; and __fish_seen_subcommand_from new" -l account -d 'The account the case is about' -r
complete -c smb -n "__fish_smb_using_subcommand case; and __fish_seen_subcommand_from new" -l subject -d 'Support Ticket, SDR Created, FO Opp, FO Opp (Startup), Referral, Partner Opp, AR Request, …' -r
complete -c smb -n "__fish_smb_using_subcommand case; and __fish_seen_subcommand_from new" -l priority -d 'high, medium or low [default: high]' -r -f -a "high\t''
medium\t''
low\t''"
complete -c smb -n "__fish_smb_using_subcommand case; and __fish_seen_subcommand_from new" -l reason -d 'Case reason, e.g. "Billing / Payment" (or billing-payment)' -r -f -a "account-question-update\t''
adding-licenses-purchasing-help\t''
billing-payment\t''
licensing-fulfillment\t''
off-cycle-subscription-changes-no-uplift\t''
other\t''
renewal\t''
sales-evaluation-non-renewal\t''
technical-question\t''
usage-best-practices\t''
new-high-engagement-account-5-pte\t''
new-high-engagement-account-tier-1-uptier\t''"
complete -c smb -n "__fish_smb_using_subcommand case; and __fish_seen_subcommand_from new" -l description -d 'What is asked of the advocate, with links' -r
complete -c smb -n "__fish_smb_using_subcommand case; and __fish_seen_subcommand_from new" -l contact -d 'The customer contact' -r
complete -c smb -n "__fish_smb_using_subcommand case; and __fish_seen_subcommand_from new" -l opportunity -d 'A related opportunity' -r
complete -c smb -n "__fish_smb_using_subcommand case; and __fish_seen_subcommand_from new" -l type -d 'Where the request came from, e.g. "Inbound Request via Support"' -r
complete -c smb -n "__fish_smb_using_subcommand case; and __fish_seen_subcommand_from new" -l db -d 'The database: a file, or a postgres:// URL [default: smb.db in the platform data directory]' -r -F
complete -c smb -n "__fish_smb_using_subcommand case; and __fish_seen_subcommand_from new" -l as -d 'Who is acting (advocate, AE or manager) [default: the OS user name]' -r
complete -c smb -n "__fish_smb_using_subcommand case; and __fish_seen_subcommand_from new" -l now -d 'The current time, RFC 3339 or YYYY-MM-DD (00:00 UTC), for scripts and tests' -r
complete -c smb -n "__fish_smb_using_subcommand case; and __fish_seen_subcommand_from new" -l format -d 'Output format: a table for people; JSON, JSON lines or CSV (one column per JSON key) for scripts' -r -f -a "table\t''
json\t''
jsonl\t''
csv\t''"
complete -c smb -n "__fish_smb_using_subcommand case; and __fish_seen_subcommand_from new" -l color -d 'Colour: auto (a terminal, unless NO_COLOR is set or TERM=dumb; CLICOLOR_FORCE forces it), always or never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c smb -n "__fish_smb_using_subcommand case; and __fish_seen_subcommand_from new" -l limit -d 'Show at most N rows of a list' -r
complete -c smb -n "__fish_smb_using_subcommand case; and __fish_seen_subcommand_from new" -s q -l quiet -d 'Print nothing but errors (for cron)'
complete -c smb -n "__fish_smb_using_subcommand case; and __fish_seen_subcommand_from new" -s h -l help -d 'Print help'
complete -c smb -n "__fish_smb_using_subcommand case; and __fish_seen_subcommand_from new" -s V -l version -d 'Print version'
complete -c smb -n "__fish_smb_using_subcommand case; and __fish_seen_subcommand_from update" -l next-steps -d 'What happens next (cannot be emptied while the case is In Progress)' -r
complete -c smb -n "__fish_smb_using_subcommand case; and __fish_seen_subcommand_from update" -l next-steps-date -d 'When the next steps are due: YYYY-MM-DD, today, tomorrow, +3d, +2w, +6m or a weekday' -r
complete -c smb -n "__fish_smb_using_subcommand case; and __fish_seen_subcommand_from update" -l account -d 'Attach the case to an account (moves an unowned Open case to that account\'s queue)' -r
complete -c smb -n "__fish_smb_using_subcommand case; and __fish_seen_subcommand_from update" -l contact -d 'The customer contact (also sets the account when the case has none)' -r
complete -c smb -n "__fish_smb_using_subcommand case; and __fish_seen_subcommand_from update" -l opportunity -d 'The related opportunity' -r
complete -c smb -n "__fish_smb_using_subcommand case; and __fish_seen_subcommand_from update" -l reason -d 'Case reason, e.g. "Renewal" (the list is below)' -r -f -a "account-question-update\t''
adding-licenses-purchasing-help\t''
billing-payment\t''
licensing-fulfillment\t''
off-cycle-subscription-changes-no-uplift\t''
other\t''
renewal\t''
sales-evaluation-non-renewal\t''
technical-question\t''
usage-best-practices\t''
new-high-engagement-account-5-pte\t''
new-high-engagement-account-tier-1-uptier\t''"
complete -c smb -n "__fish_smb_using_subcommand case; and __fish_seen_subcommand_from update" -l feedback -d 'Feedback on the case or the model' -r
complete -c smb -n "__fish_smb_using_subcommand case; and __fish_seen_subcommand_from update" -l db -d 'The database: a file, or a postgres:// URL [default: smb.db in the platform data directory]' -r -F
complete -c smb -n "__fish_smb_using_subcommand case; and __fish_seen_subcommand_from update" -l as -d 'Who is acting (advocate, AE or manager) [default: the OS user name]' -r
complete -c smb -n "__fish_smb_using_subcommand case; and __fish_seen_subcommand_from update" -l now -d 'The current time, RFC 3339 or YYYY-MM-DD (00:00 UTC), for scripts and tests' -r
complete -c smb -n "__fish_smb_using_subcommand case; and __fish_seen_subcommand_from update" -l format -d 'Output format: a table for people; JSON, JSON lines or CSV (one column per JSON key) for scripts' -r -f -a "table\t''
json\t''
jsonl\t''
csv\t''"
complete -c smb -n "__fish_smb_using_subcommand case; and __fish_seen_subcommand_from update" -l color -d 'Colour: auto (a terminal, unless NO_COLOR is set or TERM=dumb; CLICOLOR_FORCE forces it), always or never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c smb -n "__fish_smb_using_subcommand case; and __fish_seen_subcommand_from update" -l limit -d 'Show at most N rows of a list' -r
complete -c smb -n "__fish_smb_using_subcommand case; and __fish_seen_subcommand_from update" -l force -d 'Accept a next-steps date in the past'
complete -c smb -n "__fish_smb_using_subcommand case; and __fish_seen_subcommand_from update" -s q -l quiet -d 'Print nothing but errors (for cron)'
complete -c smb -n "__fish_smb_using_subcommand case; and __fish_seen_subcommand_from update" -s h -l help -d 'Print help'
complete -c smb -n "__fish_smb_using_subcommand case; and __fish_seen_subcommand_from update" -s V -l version -d 'Print version'
complete -c smb -n "__fish_smb_using_subcommand case; and __fish_seen_subcommand_from log" -l note -d 'What happened' -r
complete -c smb -n "__fish_smb_using_subcommand case; and __fish_seen_subcommand_from log" -l db -d 'The database: a file, or a postgres:// URL [default: smb.db in the platform data directory]' -r -F
complete -c smb -n "__fish_smb_using_subcommand case; and __fish_seen_subcommand_from log" -l as -d 'Who is acting (advocate, AE or manager) [default: the OS user name]' -r
complete -c smb -n "__fish_smb_using_subcommand case; and __fish_seen_subcommand_from log" -l now -d 'The current time, RFC 3339 or YYYY-MM-DD (00:00 UTC), for scripts and tests' -r
complete -c smb -n "__fish_smb_using_subcommand case; and __fish_seen_subcommand_from log" -l format -d 'Output format: a table for people; JSON, JSON lines or CSV (one column per JSON key) for scripts' -r -f -a "table\t''
json\t''
jsonl\t''
csv\t''"
complete -c smb -n "__fish_smb_using_subcommand case; and __fish_seen_subcommand_from log" -l color -d 'Colour: auto (a terminal, unless NO_COLOR is set or TERM=dumb; CLICOLOR_FORCE forces it), always or never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c smb -n "__fish_smb_using_subcommand case; and __fish_seen_subcommand_from log" -l limit -d 'Show at most N rows of a list' -r
complete -c smb -n "__fish_smb_using_subcommand case; and __fish_seen_subcommand_from log" -l template -d 'The draft of `smb case draft` was sent: the history names its template'
complete -c smb -n "__fish_smb_using_subcommand case; and __fish_seen_subcommand_from log" -s q -l quiet -d 'Print nothing but errors (for cron)'
complete -c smb -n "__fish_smb_using_subcommand case; and __fish_seen_subcommand_from log" -s h -l help -d 'Print help'
complete -c smb -n "__fish_smb_using_subcommand case; and __fish_seen_subcommand_from log" -s V -l version -d 'Print version'
complete -c smb -n "__fish_smb_using_subcommand case; and __fish_seen_subcommand_from defer" -l until -d 'The day the case comes back to the queue, after today: YYYY-MM-DD, tomorrow, +3d, +2w, +6m or a weekday' -r
complete -c smb -n "__fish_smb_using_subcommand case; and __fish_seen_subcommand_from defer" -l next-steps -d 'What to do when it comes back' -r
complete -c smb -n "__fish_smb_using_subcommand case; and __fish_seen_subcommand_from defer" -l db -d 'The database: a file, or a postgres:// URL [default: smb.db in the platform data directory]' -r -F
complete -c smb -n "__fish_smb_using_subcommand case; and __fish_seen_subcommand_from defer" -l as -d 'Who is acting (advocate, AE or manager) [default: the OS user name]' -r
complete -c smb -n "__fish_smb_using_subcommand case; and __fish_seen_subcommand_from defer" -l now -d 'The current time, RFC 3339 or YYYY-MM-DD (00:00 UTC), for scripts and tests' -r
complete -c smb -n "__fish_smb_using_subcommand case; and __fish_seen_subcommand_from defer" -l format -d 'Output format: a table for people; JSON, JSON lines or CSV (one column per JSON key) for scripts' -r -f -a "table\t''
json\t''
jsonl\t''
csv\t''"
complete -c smb -n "__fish_smb_using_subcommand case; and __fish_seen_subcommand_from defer" -l color -d 'Colour: auto (a terminal, unless NO_COLOR is set or TERM=dumb; CLICOLOR_FORCE forces it), always or never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c smb -n "__fish_smb_using_subcommand case; and __fish_seen_subcommand_from defer" -l limit -d 'Show at most N rows of a list' -r
complete -c smb -n "__fish_smb_using_subcommand case; and __fish_seen_subcommand_from defer" -s q -l quiet -d 'Print nothing but errors (for cron)'
complete -c smb -n "__fish_smb_using_subcommand case; and __fish_seen_subcommand_from defer" -s h -l help -d 'Print help'
complete -c smb -n "__fish_smb_using_subcommand case; and __fish_seen_subcommand_from defer" -s V -l version -d 'Print version'
complete -c smb -n "__fish_smb_using_subcommand case; and __fish_seen_subcommand_from assign" -l to -d 'The new owner' -r
complete -c smb -n "__fish_smb_using_subcommand case; and __fish_seen_subcommand_from assign" -l reason -d 'Why: language, pto or other' -r -f -a "language\t''
pto\t''
other\t''"
complete -c smb -n "__fish_smb_using_subcommand case; and __fish_seen_subcommand_from assign" -l db -d 'The database: a file, or a postgres:// URL [default: smb.db in the platform data directory]' -r -F
complete -c smb -n "__fish_smb_using_subcommand case; and __fish_seen_subcommand_from assign" -l as -d 'Who is acting (advocate, AE or manager) [default: the OS user name]' -r
complete -c smb -n "__fish_smb_using_subcommand case; and __fish_seen_subcommand_from assign" -l now -d 'The current time, RFC 3339 or YYYY-MM-DD (00:00 UTC), for scripts and tests' -r
complete -c smb -n "__fish_smb_using_subcommand case; and __fish_seen_subcommand_from assign" -l format -d 'Output format: a table for people; JSON, JSON lines or CSV (one column per JSON key) for scripts' -r -f -a "table\t''
json\t''
jsonl\t''
csv\t''"
complete -c smb -n "__fish_smb_using_subcommand case; and __fish_seen_subcommand_from assign" -l color -d 'Colour: auto (a terminal, unless NO_COLOR is set or TERM=dumb; CLICOLOR_FORCE forces it), always or never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c smb -n "__fish_smb_using_subcommand case; and __fish_seen_subcommand_from assign" -l limit -d 'Show at most N rows of a list' -r
complete -c smb -n "__fish_smb_using_subcommand case; and __fish_seen_subcommand_from assign" -s q -l quiet -d 'Print nothing but errors (for cron)'
complete -c smb -n "__fish_smb_using_subcommand case; and __fish_seen_subcommand_from assign" -s h -l help -d 'Print help'
complete -c smb -n "__fish_smb_using_subcommand case; and __fish_seen_subcommand_from assign" -s V -l version -d 'Print version'
complete -c smb -n "__fish_smb_using_subcommand case; and __fish_seen_subcommand_from email" -l db -d 'The database: a file, or a postgres:// URL [default: smb.db in the platform data directory]' -r -F
complete -c smb -n "__fish_smb_using_subcommand case; and __fish_seen_subcommand_from email" -l as -d 'Who is acting (advocate, AE or manager) [default: the OS user name]' -r
complete -c smb -n "__fish_smb_using_subcommand case; and __fish_seen_subcommand_from email" -l now -d 'The current time, RFC 3339 or YYYY-MM-DD (00:00 UTC), for scripts and tests' -r
complete -c smb -n "__fish_smb_using_subcommand case; and __fish_seen_subcommand_from email" -l format -d 'Output format: a table for people; JSON, JSON lines or CSV (one column per JSON key) for scripts' -r -f -a "table\t''
json\t''
jsonl\t''
csv\t''"
complete -c smb -n "__fish_smb_using_subcommand case; and __fish_seen_subcommand_from email" -l color -d 'Colour: auto (a terminal, unless NO_COLOR is set or TERM=dumb; CLICOLOR_FORCE forces it), always or never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c smb -n "__fish_smb_using_subcommand case; and __fish_seen_subcommand_from email" -l limit -d 'Show at most N rows of a list' -r
complete -c smb -n "__fish_smb_using_subcommand case; and __fish_seen_subcommand_from email" -s q -l quiet -d 'Print nothing but errors (for cron)'
complete -c smb -n "__fish_smb_using_subcommand case; and __fish_seen_subcommand_from email" -s h -l help -d 'Print help'
complete -c smb -n "__fish_smb_using_subcommand case; and __fish_seen_subcommand_from email" -s V -l version -d 'Print version'
complete -c smb -n "__fish_smb_using_subcommand case; and __fish_seen_subcommand_from draft" -l touch -d 'Which touch of the cadence [default: the next one due]' -r -f -a "day1\t''
day3\t''
day5\t''
day7\t''"
complete -c smb -n "__fish_smb_using_subcommand case; and __fish_seen_subcommand_from draft" -l db -d 'The database: a file, or a postgres:// URL [default: smb.db in the platform data directory]' -r -F
complete -c smb -n "__fish_smb_using_subcommand case; and __fish_seen_subcommand_from draft" -l as -d 'Who is acting (advocate, AE or manager) [default: the OS user name]' -r
complete -c smb -n "__fish_smb_using_subcommand case; and __fish_seen_subcommand_from draft" -l now -d 'The current time, RFC 3339 or YYYY-MM-DD (00:00 UTC), for scripts and tests' -r
complete -c smb -n "__fish_smb_using_subcommand case; and __fish_seen_subcommand_from draft" -l format -d 'Output format: a table for people; JSON, JSON lines or CSV (one column per JSON key) for scripts' -r -f -a "table\t''
json\t''
jsonl\t''
csv\t''"
complete -c smb -n "__fish_smb_using_subcommand case; and __fish_seen_subcommand_from draft" -l color -d 'Colour: auto (a terminal, unless NO_COLOR is set or TERM=dumb; CLICOLOR_FORCE forces it), always or never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c smb -n "__fish_smb_using_subcommand case; and __fish_seen_subcommand_from draft" -l limit -d 'Show at most N rows of a list' -r
complete -c smb -n "__fish_smb_using_subcommand case; and __fish_seen_subcommand_from draft" -l allow-missing -d 'Draft it anyway, leaving [field] where a merge field has no value'
complete -c smb -n "__fish_smb_using_subcommand case; and __fish_seen_subcommand_from draft" -s q -l quiet -d 'Print nothing but errors (for cron)'
complete -c smb -n "__fish_smb_using_subcommand case; and __fish_seen_subcommand_from draft" -s h -l help -d 'Print help'
complete -c smb -n "__fish_smb_using_subcommand case; and __fish_seen_subcommand_from draft" -s V -l version -d 'Print version'
complete -c smb -n "__fish_smb_using_subcommand case; and __fish_seen_subcommand_from help" -f -a "list" -d 'Your cases (My Cases): Open and In Progress, the most urgent first'
complete -c smb -n "__fish_smb_using_subcommand case; and __fish_seen_subcommand_from help" -f -a "show" -d 'Show a case\'s fields and its history'
complete -c smb -n "__fish_smb_using_subcommand case; and __fish_seen_subcommand_from help" -f -a "new" -d 'Create a case by hand; it is routed like any new case'
complete -c smb -n "__fish_smb_using_subcommand case; and __fish_seen_subcommand_from help" -f -a "update" -d 'Change a case: next steps (mandatory while In Progress), links, reason, feedback'
complete -c smb -n "__fish_smb_using_subcommand case; and __fish_seen_subcommand_from help" -f -a "log" -d 'Record a touch (email or call) on a case'
complete -c smb -n "__fish_smb_using_subcommand case; and __fish_seen_subcommand_from help" -f -a "defer" -d 'Put a case back in the queue, hidden until a date; any advocate may pick it then'
complete -c smb -n "__fish_smb_using_subcommand case; and __fish_seen_subcommand_from help" -f -a "assign" -d 'Reassign a case to another advocate (a manager\'s job, or a PTO cover)'
complete -c smb -n "__fish_smb_using_subcommand case; and __fish_seen_subcommand_from help" -f -a "email" -d 'Turn an email into a case (or attach a reply to its case)'
complete -c smb -n "__fish_smb_using_subcommand case; and __fish_seen_subcommand_from help" -f -a "draft" -d 'Print the email (or call notes) for a case\'s next touch, from its trigger\'s template'
complete -c smb -n "__fish_smb_using_subcommand case; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c smb -n "__fish_smb_using_subcommand close" -l status -d 'resolved, duplicate, unresponsive or na' -r -f -a "resolved\t''
duplicate\t''
unresponsive\t''
na\t''"
complete -c smb -n "__fish_smb_using_subcommand close" -l action -d 'The resolution action, e.g. "Answered Question" (or answered-question)' -r -f -a "answered-question\t''
recommended-resource\t''
transferred-to-support\t''
growth-conversation\t''
directed-to-online-purchase\t''
completed-sales-assisted-order\t''
request-not-possible\t''
no-action-required\t''
failed-to-engage\t''"
complete -c smb -n "__fish_smb_using_subcommand close" -l feedback -d 'Feedback on the case or the model' -r
complete -c smb -n "__fish_smb_using_subcommand close" -l reason -d 'Why the rule is overridden (recorded in the history)' -r
complete -c smb -n "__fish_smb_using_subcommand close" -l opp -d 'The case\'s open opportunity: close it won or lost with the case, or leave it open (a warning); on a terminal, asked when not given' -r -f -a "won\t''
lost\t''
open\t''"
complete -c smb -n "__fish_smb_using_subcommand close" -l db -d 'The database: a file, or a postgres:// URL [default: smb.db in the platform data directory]' -r -F
complete -c smb -n "__fish_smb_using_subcommand close" -l as -d 'Who is acting (advocate, AE or manager) [default: the OS user name]' -r
complete -c smb -n "__fish_smb_using_subcommand close" -l now -d 'The current time, RFC 3339 or YYYY-MM-DD (00:00 UTC), for scripts and tests' -r
complete -c smb -n "__fish_smb_using_subcommand close" -l format -d 'Output format: a table for people; JSON, JSON lines or CSV (one column per JSON key) for scripts' -r -f -a "table\t''
json\t''
jsonl\t''
csv\t''"
complete -c smb -n "__fish_smb_using_subcommand close" -l color -d 'Colour: auto (a terminal, unless NO_COLOR is set or TERM=dumb; CLICOLOR_FORCE forces it), always or never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c smb -n "__fish_smb_using_subcommand close" -l limit -d 'Show at most N rows of a list' -r
complete -c smb -n "__fish_smb_using_subcommand close" -l force -d 'Override a closing rule (Unresponsive before 15 days); needs --reason'
complete -c smb -n "__fish_smb_using_subcommand close" -s q -l quiet -d 'Print nothing but errors (for cron)'
complete -c smb -n "__fish_smb_using_subcommand close" -s h -l help -d 'Print help'
complete -c smb -n "__fish_smb_using_subcommand close" -s V -l version -d 'Print version'
complete -c smb -n "__fish_smb_using_subcommand opp; and not __fish_seen_subcommand_from new update close list show help" -l db -d 'The database: a file, or a postgres:// URL [default: smb.db in the platform data directory]' -r -F
complete -c smb -n "__fish_smb_using_subcommand opp; and not __fish_seen_subcommand_from new update close list show help" -l as -d 'Who is acting (advocate, AE or manager) [default: the OS user name]' -r
complete -c smb -n "__fish_smb_using_subcommand opp; and not __fish_seen_subcommand_from new update close list show help" -l now -d 'The current time, RFC 3339 or YYYY-MM-DD (00:00 UTC), for scripts and tests' -r
complete -c smb -n "__fish_smb_using_subcommand opp; and not __fish_seen_subcommand_from new update close list show help" -l format -d 'Output format: a table for people; JSON, JSON lines or CSV (one column per JSON key) for scripts' -r -f -a "table\t''
json\t''
jsonl\t''
csv\t''"
complete -c smb -n "__fish_smb_using_subcommand opp; and not __fish_seen_subcommand_from new update close list show help" -l color -d 'Colour: auto (a terminal, unless NO_COLOR is set or TERM=dumb; CLICOLOR_FORCE forces it), always or never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c smb -n "__fish_smb_using_subcommand opp; and not __fish_seen_subcommand_from new update close list show help" -l limit -d 'Show at most N rows of a list' -r
complete -c smb -n "__fish_smb_using_subcommand opp; and not __fish_seen_subcommand_from new update close list show help" -s q -l quiet -d 'Print nothing but errors (for cron)'
complete -c smb -n "__fish_smb_using_subcommand opp; and not __fish_seen_subcommand_from new update close list show help" -s h -l help -d 'Print help'
complete -c smb -n "__fish_smb_using_subcommand opp; and not __fish_seen_subcommand_from new update close list show help" -s V -l version -d 'Print version'
complete -c smb -n "__fish_smb_using_subcommand opp; and not __fish_seen_subcommand_from new update close list show help" -f -a "new" -d 'Create an opportunity on a case\'s account, linked to the case and owned by you'
complete -c smb -n "__fish_smb_using_subcommand opp; and not __fish_seen_subcommand_from new update close list show help" -f -a "update" -d 'Change an opportunity\'s close date, renewal risk, stage, amount or GitLab admin'
complete -c smb -n "__fish_smb_using_subcommand opp; and not __fish_seen_subcommand_from new update close list show help" -f -a "close" -d 'Close an opportunity won or lost'
complete -c smb -n "__fish_smb_using_subcommand opp; and not __fish_seen_subcommand_from new update close list show help" -f -a "list" -d 'List opportunities'
complete -c smb -n "__fish_smb_using_subcommand opp; and not __fish_seen_subcommand_from new update close list show help" -f -a "show" -d 'Show one opportunity with its case, source and export mark'
complete -c smb -n "__fish_smb_using_subcommand opp; and not __fish_seen_subcommand_from new update close list show help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c smb -n "__fish_smb_using_subcommand opp; and __fish_seen_subcommand_from new" -l case -d 'The case it is worked from' -r
complete -c smb -n "__fish_smb_using_subcommand opp; and __fish_seen_subcommand_from new" -l type -d 'add-on, growth or upgrade' -r -f -a "add-on\t''
growth\t''
upgrade\t''"
complete -c smb -n "__fish_smb_using_subcommand opp; and __fish_seen_subcommand_from new" -l name -d 'Its name [default: "<account> - Add-On|Growth|Upgrade"; pooled Upgrade: "Ultimate Upgrade"]' -r
complete -c smb -n "__fish_smb_using_subcommand opp; and __fish_seen_subcommand_from new" -l amount -d 'Its amount, e.g. 1200 or $1,200.50' -r
complete -c smb -n "__fish_smb_using_subcommand opp; and __fish_seen_subcommand_from new" -l close-date -d 'Its close date: YYYY-MM-DD, today, +2w, a weekday … [default: in 30 days]' -r
complete -c smb -n "__fish_smb_using_subcommand opp; and __fish_seen_subcommand_from new" -l db -d 'The database: a file, or a postgres:// URL [default: smb.db in the platform data directory]' -r -F
complete -c smb -n "__fish_smb_using_subcommand opp; and __fish_seen_subcommand_from new" -l as -d 'Who is acting (advocate, AE or manager) [default: the OS user name]' -r
complete -c smb -n "__fish_smb_using_subcommand opp; and __fish_seen_subcommand_from new" -l now -d 'The current time, RFC 3339 or YYYY-MM-DD (00:00 UTC), for scripts and tests' -r
complete -c smb -n "__fish_smb_using_subcommand opp; and __fish_seen_subcommand_from new" -l format -d 'Output format: a table for people; JSON, JSON lines or CSV (one column per JSON key) for scripts' -r -f -a "table\t''
json\t''
jsonl\t''
csv\t''"
complete -c smb -n "__fish_smb_using_subcommand opp; and __fish_seen_subcommand_from new" -l color -d 'Colour: auto (a terminal, unless NO_COLOR is set or TERM=dumb; CLICOLOR_FORCE forces it), always or never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c smb -n "__fish_smb_using_subcommand opp; and __fish_seen_subcommand_from new" -l limit -d 'Show at most N rows of a list' -r
complete -c smb -n "__fish_smb_using_subcommand opp; and __fish_seen_subcommand_from new" -s q -l quiet -d 'Print nothing but errors (for cron)'
complete -c smb -n "__fish_smb_using_subcommand opp; and __fish_seen_subcommand_from new" -s h -l help -d 'Print help'
complete -c smb -n "__fish_smb_using_subcommand opp; and __fish_seen_subcommand_from new" -s V -l version -d 'Print version'
complete -c smb -n "__fish_smb_using_subcommand opp; and __fish_seen_subcommand_from update" -l close-date -d 'YYYY-MM-DD, today, +2w, a weekday …' -r
complete -c smb -n "__fish_smb_using_subcommand opp; and __fish_seen_subcommand_from update" -l renewal-risk -d 'The renewal risk category, e.g. "Will Churn"' -r
complete -c smb -n "__fish_smb_using_subcommand opp; and __fish_seen_subcommand_from update" -l stage -d 'The stage, e.g. 4-Proposal (or proposal, or 4)' -r -f -a "0-pending-acceptance\t''
1-discovery\t''
2-scoping\t''
3-technical-evaluation\t''
4-proposal\t''
5-negotiating\t''
6-awaiting-signature\t''
7-closing\t''
closed-won\t''
closed-lost\t''"
complete -c smb -n "__fish_smb_using_subcommand opp; and __fish_seen_subcommand_from update" -l amount -d 'The amount, e.g. 1200 or $1,200.50' -r
complete -c smb -n "__fish_smb_using_subcommand opp; and __fish_seen_subcommand_from update" -l admin-added -d 'Whether the account\'s GitLab admin is added (Required 10)' -r -f -a "yes\t''
no\t''"
complete -c smb -n "__fish_smb_using_subcommand opp; and __fish_seen_subcommand_from update" -l db -d 'The database: a file, or a postgres:// URL [default: smb.db in the platform data directory]' -r -F
complete -c smb -n "__fish_smb_using_subcommand opp; and __fish_seen_subcommand_from update" -l as -d 'Who is acting (advocate, AE or manager) [default: the OS user name]' -r
complete -c smb -n "__fish_smb_using_subcommand opp; and __fish_seen_subcommand_from update" -l now -d 'The current time, RFC 3339 or YYYY-MM-DD (00:00 UTC), for scripts and tests' -r
complete -c smb -n "__fish_smb_using_subcommand opp; and __fish_seen_subcommand_from update" -l format -d 'Output format: a table for people; JSON, JSON lines or CSV (one column per JSON key) for scripts' -r -f -a "table\t''
json\t''
jsonl\t''
csv\t''"
complete -c smb -n "__fish_smb_using_subcommand opp; and __fish_seen_subcommand_from update" -l color -d 'Colour: auto (a terminal, unless NO_COLOR is set or TERM=dumb; CLICOLOR_FORCE forces it), always or never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c smb -n "__fish_smb_using_subcommand opp; and __fish_seen_subcommand_from update" -l limit -d 'Show at most N rows of a list' -r
complete -c smb -n "__fish_smb_using_subcommand opp; and __fish_seen_subcommand_from update" -s q -l quiet -d 'Print nothing but errors (for cron)'
complete -c smb -n "__fish_smb_using_subcommand opp; and __fish_seen_subcommand_from update" -s h -l help -d 'Print help'
complete -c smb -n "__fish_smb_using_subcommand opp; and __fish_seen_subcommand_from update" -s V -l version -d 'Print version'
complete -c smb -n "__fish_smb_using_subcommand opp; and __fish_seen_subcommand_from close" -l db -d 'The database: a file, or a postgres:// URL [default: smb.db in the platform data directory]' -r -F
complete -c smb -n "__fish_smb_using_subcommand opp; and __fish_seen_subcommand_from close" -l as -d 'Who is acting (advocate, AE or manager) [default: the OS user name]' -r
complete -c smb -n "__fish_smb_using_subcommand opp; and __fish_seen_subcommand_from close" -l now -d 'The current time, RFC 3339 or YYYY-MM-DD (00:00 UTC), for scripts and tests' -r
complete -c smb -n "__fish_smb_using_subcommand opp; and __fish_seen_subcommand_from close" -l format -d 'Output format: a table for people; JSON, JSON lines or CSV (one column per JSON key) for scripts' -r -f -a "table\t''
json\t''
jsonl\t''
csv\t''"
complete -c smb -n "__fish_smb_using_subcommand opp; and __fish_seen_subcommand_from close" -l color -d 'Colour: auto (a terminal, unless NO_COLOR is set or TERM=dumb; CLICOLOR_FORCE forces it), always or never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c smb -n "__fish_smb_using_subcommand opp; and __fish_seen_subcommand_from close" -l limit -d 'Show at most N rows of a list' -r
complete -c smb -n "__fish_smb_using_subcommand opp; and __fish_seen_subcommand_from close" -l won -d 'Closed Won'
complete -c smb -n "__fish_smb_using_subcommand opp; and __fish_seen_subcommand_from close" -l lost -d 'Closed Lost'
complete -c smb -n "__fish_smb_using_subcommand opp; and __fish_seen_subcommand_from close" -s q -l quiet -d 'Print nothing but errors (for cron)'
complete -c smb -n "__fish_smb_using_subcommand opp; and __fish_seen_subcommand_from close" -s h -l help -d 'Print help'
complete -c smb -n "__fish_smb_using_subcommand opp; and __fish_seen_subcommand_from close" -s V -l version -d 'Print version'
complete -c smb -n "__fish_smb_using_subcommand opp; and __fish_seen_subcommand_from list" -l account -d 'Only this account\'s' -r
complete -c smb -n "__fish_smb_using_subcommand opp; and __fish_seen_subcommand_from list" -l owner -d 'Only those this person (or CRM owner) owns' -r
complete -c smb -n "__fish_smb_using_subcommand opp; and __fish_seen_subcommand_from list" -l db -d 'The database: a file, or a postgres:// URL [default: smb.db in the platform data directory]' -r -F
complete -c smb -n "__fish_smb_using_subcommand opp; and __fish_seen_subcommand_from list" -l as -d 'Who is acting (advocate, AE or manager) [default: the OS user name]' -r
complete -c smb -n "__fish_smb_using_subcommand opp; and __fish_seen_subcommand_from list" -l now -d 'The current time, RFC 3339 or YYYY-MM-DD (00:00 UTC), for scripts and tests' -r
complete -c smb -n "__fish_smb_using_subcommand opp; and __fish_seen_subcommand_from list" -l format -d 'Output format: a table for people; JSON, JSON lines or CSV (one column per JSON key) for scripts' -r -f -a "table\t''
json\t''
jsonl\t''
csv\t''"
complete -c smb -n "__fish_smb_using_subcommand opp; and __fish_seen_subcommand_from list" -l color -d 'Colour: auto (a terminal, unless NO_COLOR is set or TERM=dumb; CLICOLOR_FORCE forces it), always or never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c smb -n "__fish_smb_using_subcommand opp; and __fish_seen_subcommand_from list" -l limit -d 'Show at most N rows of a list' -r
complete -c smb -n "__fish_smb_using_subcommand opp; and __fish_seen_subcommand_from list" -l open -d 'Only open ones'
complete -c smb -n "__fish_smb_using_subcommand opp; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Print nothing but errors (for cron)'
complete -c smb -n "__fish_smb_using_subcommand opp; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help'
complete -c smb -n "__fish_smb_using_subcommand opp; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c smb -n "__fish_smb_using_subcommand opp; and __fish_seen_subcommand_from show" -l db -d 'The database: a file, or a postgres:// URL [default: smb.db in the platform data directory]' -r -F
complete -c smb -n "__fish_smb_using_subcommand opp; and __fish_seen_subcommand_from show" -l as -d 'Who is acting (advocate, AE or manager) [default: the OS user name]' -r
complete -c smb -n "__fish_smb_using_subcommand opp; and __fish_seen_subcommand_from show" -l now -d 'The current time, RFC 3339 or YYYY-MM-DD (00:00 UTC), for scripts and tests' -r
complete -c smb -n "__fish_smb_using_subcommand opp; and __fish_seen_subcommand_from show" -l format -d 'Output format: a table for people; JSON, JSON lines or CSV (one column per JSON key) for scripts' -r -f -a "table\t''
json\t''
jsonl\t''
csv\t''"
complete -c smb -n "__fish_smb_using_subcommand opp; and __fish_seen_subcommand_from show" -l color -d 'Colour: auto (a terminal, unless NO_COLOR is set or TERM=dumb; CLICOLOR_FORCE forces it), always or never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c smb -n "__fish_smb_using_subcommand opp; and __fish_seen_subcommand_from show" -l limit -d 'Show at most N rows of a list' -r
complete -c smb -n "__fish_smb_using_subcommand opp; and __fish_seen_subcommand_from show" -s q -l quiet -d 'Print nothing but errors (for cron)'
complete -c smb -n "__fish_smb_using_subcommand opp; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help'
complete -c smb -n "__fish_smb_using_subcommand opp; and __fish_seen_subcommand_from show" -s V -l version -d 'Print version'
complete -c smb -n "__fish_smb_using_subcommand opp; and __fish_seen_subcommand_from help" -f -a "new" -d 'Create an opportunity on a case\'s account, linked to the case and owned by you'
complete -c smb -n "__fish_smb_using_subcommand opp; and __fish_seen_subcommand_from help" -f -a "update" -d 'Change an opportunity\'s close date, renewal risk, stage, amount or GitLab admin'
complete -c smb -n "__fish_smb_using_subcommand opp; and __fish_seen_subcommand_from help" -f -a "close" -d 'Close an opportunity won or lost'
complete -c smb -n "__fish_smb_using_subcommand opp; and __fish_seen_subcommand_from help" -f -a "list" -d 'List opportunities'
complete -c smb -n "__fish_smb_using_subcommand opp; and __fish_seen_subcommand_from help" -f -a "show" -d 'Show one opportunity with its case, source and export mark'
complete -c smb -n "__fish_smb_using_subcommand opp; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c smb -n "__fish_smb_using_subcommand today" -l owner -d 'Whose cases [default: you]' -r
complete -c smb -n "__fish_smb_using_subcommand today" -l db -d 'The database: a file, or a postgres:// URL [default: smb.db in the platform data directory]' -r -F
complete -c smb -n "__fish_smb_using_subcommand today" -l as -d 'Who is acting (advocate, AE or manager) [default: the OS user name]' -r
complete -c smb -n "__fish_smb_using_subcommand today" -l now -d 'The current time, RFC 3339 or YYYY-MM-DD (00:00 UTC), for scripts and tests' -r
complete -c smb -n "__fish_smb_using_subcommand today" -l format -d 'Output format: a table for people; JSON, JSON lines or CSV (one column per JSON key) for scripts' -r -f -a "table\t''
json\t''
jsonl\t''
csv\t''"
complete -c smb -n "__fish_smb_using_subcommand today" -l color -d 'Colour: auto (a terminal, unless NO_COLOR is set or TERM=dumb; CLICOLOR_FORCE forces it), always or never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c smb -n "__fish_smb_using_subcommand today" -l limit -d 'Show at most N rows of a list' -r
complete -c smb -n "__fish_smb_using_subcommand today" -s q -l quiet -d 'Print nothing but errors (for cron)'
complete -c smb -n "__fish_smb_using_subcommand today" -s h -l help -d 'Print help'
complete -c smb -n "__fish_smb_using_subcommand today" -s V -l version -d 'Print version'
complete -c smb -n "__fish_smb_using_subcommand escalate" -l db -d 'The database: a file, or a postgres:// URL [default: smb.db in the platform data directory]' -r -F
complete -c smb -n "__fish_smb_using_subcommand escalate" -l as -d 'Who is acting (advocate, AE or manager) [default: the OS user name]' -r
complete -c smb -n "__fish_smb_using_subcommand escalate" -l now -d 'The current time, RFC 3339 or YYYY-MM-DD (00:00 UTC), for scripts and tests' -r
complete -c smb -n "__fish_smb_using_subcommand escalate" -l format -d 'Output format: a table for people; JSON, JSON lines or CSV (one column per JSON key) for scripts' -r -f -a "table\t''
json\t''
jsonl\t''
csv\t''"
complete -c smb -n "__fish_smb_using_subcommand escalate" -l color -d 'Colour: auto (a terminal, unless NO_COLOR is set or TERM=dumb; CLICOLOR_FORCE forces it), always or never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c smb -n "__fish_smb_using_subcommand escalate" -l limit -d 'Show at most N rows of a list' -r
complete -c smb -n "__fish_smb_using_subcommand escalate" -l dry-run -d 'Say what would be escalated; write nothing'
complete -c smb -n "__fish_smb_using_subcommand escalate" -s q -l quiet -d 'Print nothing but errors (for cron)'
complete -c smb -n "__fish_smb_using_subcommand escalate" -s h -l help -d 'Print help'
complete -c smb -n "__fish_smb_using_subcommand escalate" -s V -l version -d 'Print version'
complete -c smb -n "__fish_smb_using_subcommand report; and not __fish_seen_subcommand_from sla aging capacity volume hygiene created-by escalations dashboard picks help" -l db -d 'The database: a file, or a postgres:// URL [default: smb.db in the platform data directory]' -r -F
complete -c smb -n "__fish_smb_using_subcommand report; and not __fish_seen_subcommand_from sla aging capacity volume hygiene created-by escalations dashboard picks help" -l as -d 'Who is acting (advocate, AE or manager) [default: the OS user name]' -r
complete -c smb -n "__fish_smb_using_subcommand report; and not __fish_seen_subcommand_from sla aging capacity volume hygiene created-by escalations dashboard picks help" -l now -d 'The current time, RFC 3339 or YYYY-MM-DD (00:00 UTC), for scripts and tests' -r
complete -c smb -n "__fish_smb_using_subcommand report; and not __fish_seen_subcommand_from sla aging capacity volume hygiene created-by escalations dashboard picks help" -l format -d 'Output format: a table for people; JSON, JSON lines or CSV (one column per JSON key) for scripts' -r -f -a "table\t''
json\t''
jsonl\t''
csv\t''"
complete -c smb -n "__fish_smb_using_subcommand report; and not __fish_seen_subcommand_from sla aging capacity volume hygiene created-by escalations dashboard picks help" -l color -d 'Colour: auto (a terminal, unless NO_COLOR is set or TERM=dumb; CLICOLOR_FORCE forces it), always or never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c smb -n "__fish_smb_using_subcommand report; and not __fish_seen_subcommand_from sla aging capacity volume hygiene created-by escalations dashboard picks help" -l limit -d 'Show at most N rows of a list' -r
complete -c smb -n "__fish_smb_using_subcommand report; and not __fish_seen_subcommand_from sla aging capacity volume hygiene created-by escalations dashboard picks help" -s q -l quiet -d 'Print nothing but errors (for cron)'
complete -c smb -n "__fish_smb_using_subcommand report; and not __fish_seen_subcommand_from sla aging capacity volume hygiene created-by escalations dashboard picks help" -s h -l help -d 'Print help'
complete -c smb -n "__fish_smb_using_subcommand report; and not __fish_seen_subcommand_from sla aging capacity volume hygiene created-by escalations dashboard picks help" -s V -l version -d 'Print version'
complete -c smb -n "__fish_smb_using_subcommand report; and not __fish_seen_subcommand_from sla aging capacity volume hygiene created-by escalations dashboard picks help" -f -a "sla" -d 'Pick-up SLA per group: met, breached, waiting, median and p90 hours to pick-up'
complete -c smb -n "__fish_smb_using_subcommand report; and not __fish_seen_subcommand_from sla aging capacity volume hygiene created-by escalations dashboard picks help" -f -a "aging" -d 'Open and In Progress cases by age, and the cases past the 7-day target'
complete -c smb -n "__fish_smb_using_subcommand report; and not __fish_seen_subcommand_from sla aging capacity volume hygiene created-by escalations dashboard picks help" -f -a "capacity" -d 'In Progress cases per person against their cap'
complete -c smb -n "__fish_smb_using_subcommand report; and not __fish_seen_subcommand_from sla aging capacity volume hygiene created-by escalations dashboard picks help" -f -a "volume" -d 'Cases created per month against the expected volume'
complete -c smb -n "__fish_smb_using_subcommand report; and not __fish_seen_subcommand_from sla aging capacity volume hygiene created-by escalations dashboard picks help" -f -a "hygiene" -d 'The Required 10 gaps, one row per case and gap'
complete -c smb -n "__fish_smb_using_subcommand report; and not __fish_seen_subcommand_from sla aging capacity volume hygiene created-by escalations dashboard picks help" -f -a "created-by" -d 'The cases that people created, with owner, status and next steps'
complete -c smb -n "__fish_smb_using_subcommand report; and not __fish_seen_subcommand_from sla aging capacity volume hygiene created-by escalations dashboard picks help" -f -a "escalations" -d 'The escalations `smb escalate` made, with how long each case had waited'
complete -c smb -n "__fish_smb_using_subcommand report; and not __fish_seen_subcommand_from sla aging capacity volume hygiene created-by escalations dashboard picks help" -f -a "dashboard" -d 'One self-contained HTML page of the managers\' dashboards, charts beside their numbers'
complete -c smb -n "__fish_smb_using_subcommand report; and not __fish_seen_subcommand_from sla aging capacity volume hygiene created-by escalations dashboard picks help" -f -a "picks" -d 'Pick discipline per person: head picks against forced picks, transfers, waits'
complete -c smb -n "__fish_smb_using_subcommand report; and not __fish_seen_subcommand_from sla aging capacity volume hygiene created-by escalations dashboard picks help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c smb -n "__fish_smb_using_subcommand report; and __fish_seen_subcommand_from sla" -l by -d 'Group by priority, region (the account\'s; the queue without an account), owner or category' -r -f -a "priority\t''
region\t''
owner\t''
category\t''"
complete -c smb -n "__fish_smb_using_subcommand report; and __fish_seen_subcommand_from sla" -l since -d 'From this day, included: YYYY-MM-DD, today, yesterday, -2w, -1m… [default: from the start]' -r
complete -c smb -n "__fish_smb_using_subcommand report; and __fish_seen_subcommand_from sla" -l until -d 'To this day, included: YYYY-MM-DD, today, yesterday, -1w… [default: to now]' -r
complete -c smb -n "__fish_smb_using_subcommand report; and __fish_seen_subcommand_from sla" -l as-of -d 'The report as it stood at this past moment, rebuilt from the clocks and the history (RFC 3339 or a date; --since/--until count from then)' -r
complete -c smb -n "__fish_smb_using_subcommand report; and __fish_seen_subcommand_from sla" -l db -d 'The database: a file, or a postgres:// URL [default: smb.db in the platform data directory]' -r -F
complete -c smb -n "__fish_smb_using_subcommand report; and __fish_seen_subcommand_from sla" -l as -d 'Who is acting (advocate, AE or manager) [default: the OS user name]' -r
complete -c smb -n "__fish_smb_using_subcommand report; and __fish_seen_subcommand_from sla" -l now -d 'The current time, RFC 3339 or YYYY-MM-DD (00:00 UTC), for scripts and tests' -r
complete -c smb -n "__fish_smb_using_subcommand report; and __fish_seen_subcommand_from sla" -l format -d 'Output format: a table for people; JSON, JSON lines or CSV (one column per JSON key) for scripts' -r -f -a "table\t''
json\t''
jsonl\t''
csv\t''"
complete -c smb -n "__fish_smb_using_subcommand report; and __fish_seen_subcommand_from sla" -l color -d 'Colour: auto (a terminal, unless NO_COLOR is set or TERM=dumb; CLICOLOR_FORCE forces it), always or never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c smb -n "__fish_smb_using_subcommand report; and __fish_seen_subcommand_from sla" -l limit -d 'Show at most N rows of a list' -r
complete -c smb -n "__fish_smb_using_subcommand report; and __fish_seen_subcommand_from sla" -s q -l quiet -d 'Print nothing but errors (for cron)'
complete -c smb -n "__fish_smb_using_subcommand report; and __fish_seen_subcommand_from sla" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c smb -n "__fish_smb_using_subcommand report; and __fish_seen_subcommand_from sla" -s V -l version -d 'Print version'
complete -c smb -n "__fish_smb_using_subcommand report; and __fish_seen_subcommand_from aging" -l db -d 'The database: a file, or a postgres:// URL [default: smb.db in the platform data directory]' -r -F
complete -c smb -n "__fish_smb_using_subcommand report; and __fish_seen_subcommand_from aging" -l as -d 'Who is acting (advocate, AE or manager) [default: the OS user name]' -r
complete -c smb -n "__fish_smb_using_subcommand report; and __fish_seen_subcommand_from aging" -l now -d 'The current time, RFC 3339 or YYYY-MM-DD (00:00 UTC), for scripts and tests' -r
complete -c smb -n "__fish_smb_using_subcommand report; and __fish_seen_subcommand_from aging" -l format -d 'Output format: a table for people; JSON, JSON lines or CSV (one column per JSON key) for scripts' -r -f -a "table\t''
json\t''
jsonl\t''
csv\t''"
complete -c smb -n "__fish_smb_using_subcommand report; and __fish_seen_subcommand_from aging" -l color -d 'Colour: auto (a terminal, unless NO_COLOR is set or TERM=dumb; CLICOLOR_FORCE forces it), always or never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c smb -n "__fish_smb_using_subcommand report; and __fish_seen_subcommand_from aging" -l limit -d 'Show at most N rows of a list' -r
complete -c smb -n "__fish_smb_using_subcommand report; and __fish_seen_subcommand_from aging" -l list -d 'Only the cases past the 7-day target / 15-day limit'
complete -c smb -n "__fish_smb_using_subcommand report; and __fish_seen_subcommand_from aging" -s q -l quiet -d 'Print nothing but errors (for cron)'
complete -c smb -n "__fish_smb_using_subcommand report; and __fish_seen_subcommand_from aging" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c smb -n "__fish_smb_using_subcommand report; and __fish_seen_subcommand_from aging" -s V -l version -d 'Print version'
complete -c smb -n "__fish_smb_using_subcommand report; and __fish_seen_subcommand_from capacity" -l db -d 'The database: a file, or a postgres:// URL [default: smb.db in the platform data directory]' -r -F
complete -c smb -n "__fish_smb_using_subcommand report; and __fish_seen_subcommand_from capacity" -l as -d 'Who is acting (advocate, AE or manager) [default: the OS user name]' -r
complete -c smb -n "__fish_smb_using_subcommand report; and __fish_seen_subcommand_from capacity" -l now -d 'The current time, RFC 3339 or YYYY-MM-DD (00:00 UTC), for scripts and tests' -r
complete -c smb -n "__fish_smb_using_subcommand report; and __fish_seen_subcommand_from capacity" -l format -d 'Output format: a table for people; JSON, JSON lines or CSV (one column per JSON key) for scripts' -r -f -a "table\t''
json\t''
jsonl\t''
csv\t''"
complete -c smb -n "__fish_smb_using_subcommand report; and __fish_seen_subcommand_from capacity" -l color -d 'Colour: auto (a terminal, unless NO_COLOR is set or TERM=dumb; CLICOLOR_FORCE forces it), always or never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c smb -n "__fish_smb_using_subcommand report; and __fish_seen_subcommand_from capacity" -l limit -d 'Show at most N rows of a list' -r
complete -c smb -n "__fish_smb_using_subcommand report; and __fish_seen_subcommand_from capacity" -s q -l quiet -d 'Print nothing but errors (for cron)'
complete -c smb -n "__fish_smb_using_subcommand report; and __fish_seen_subcommand_from capacity" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c smb -n "__fish_smb_using_subcommand report; and __fish_seen_subcommand_from capacity" -s V -l version -d 'Print version'
complete -c smb -n "__fish_smb_using_subcommand report; and __fish_seen_subcommand_from volume" -l by -d 'month (always), and category or trigger to split each month' -r -f -a "month\t''
category\t''
trigger\t''"
complete -c smb -n "__fish_smb_using_subcommand report; and __fish_seen_subcommand_from volume" -l since -d 'From this day, included: YYYY-MM-DD, today, yesterday, -2w, -1m… [default: from the start]' -r
complete -c smb -n "__fish_smb_using_subcommand report; and __fish_seen_subcommand_from volume" -l until -d 'To this day, included: YYYY-MM-DD, today, yesterday, -1w… [default: to now]' -r
complete -c smb -n "__fish_smb_using_subcommand report; and __fish_seen_subcommand_from volume" -l db -d 'The database: a file, or a postgres:// URL [default: smb.db in the platform data directory]' -r -F
complete -c smb -n "__fish_smb_using_subcommand report; and __fish_seen_subcommand_from volume" -l as -d 'Who is acting (advocate, AE or manager) [default: the OS user name]' -r
complete -c smb -n "__fish_smb_using_subcommand report; and __fish_seen_subcommand_from volume" -l now -d 'The current time, RFC 3339 or YYYY-MM-DD (00:00 UTC), for scripts and tests' -r
complete -c smb -n "__fish_smb_using_subcommand report; and __fish_seen_subcommand_from volume" -l format -d 'Output format: a table for people; JSON, JSON lines or CSV (one column per JSON key) for scripts' -r -f -a "table\t''
json\t''
jsonl\t''
csv\t''"
complete -c smb -n "__fish_smb_using_subcommand report; and __fish_seen_subcommand_from volume" -l color -d 'Colour: auto (a terminal, unless NO_COLOR is set or TERM=dumb; CLICOLOR_FORCE forces it), always or never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c smb -n "__fish_smb_using_subcommand report; and __fish_seen_subcommand_from volume" -l limit -d 'Show at most N rows of a list' -r
complete -c smb -n "__fish_smb_using_subcommand report; and __fish_seen_subcommand_from volume" -s q -l quiet -d 'Print nothing but errors (for cron)'
complete -c smb -n "__fish_smb_using_subcommand report; and __fish_seen_subcommand_from volume" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c smb -n "__fish_smb_using_subcommand report; and __fish_seen_subcommand_from volume" -s V -l version -d 'Print version'
complete -c smb -n "__fish_smb_using_subcommand report; and __fish_seen_subcommand_from hygiene" -l db -d 'The database: a file, or a postgres:// URL [default: smb.db in the platform data directory]' -r -F
complete -c smb -n "__fish_smb_using_subcommand report; and __fish_seen_subcommand_from hygiene" -l as -d 'Who is acting (advocate, AE or manager) [default: the OS user name]' -r
complete -c smb -n "__fish_smb_using_subcommand report; and __fish_seen_subcommand_from hygiene" -l now -d 'The current time, RFC 3339 or YYYY-MM-DD (00:00 UTC), for scripts and tests' -r
complete -c smb -n "__fish_smb_using_subcommand report; and __fish_seen_subcommand_from hygiene" -l format -d 'Output format: a table for people; JSON, JSON lines or CSV (one column per JSON key) for scripts' -r -f -a "table\t''
json\t''
jsonl\t''
csv\t''"
complete -c smb -n "__fish_smb_using_subcommand report; and __fish_seen_subcommand_from hygiene" -l color -d 'Colour: auto (a terminal, unless NO_COLOR is set or TERM=dumb; CLICOLOR_FORCE forces it), always or never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c smb -n "__fish_smb_using_subcommand report; and __fish_seen_subcommand_from hygiene" -l limit -d 'Show at most N rows of a list' -r
complete -c smb -n "__fish_smb_using_subcommand report; and __fish_seen_subcommand_from hygiene" -s q -l quiet -d 'Print nothing but errors (for cron)'
complete -c smb -n "__fish_smb_using_subcommand report; and __fish_seen_subcommand_from hygiene" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c smb -n "__fish_smb_using_subcommand report; and __fish_seen_subcommand_from hygiene" -s V -l version -d 'Print version'
complete -c smb -n "__fish_smb_using_subcommand report; and __fish_seen_subcommand_from created-by" -l since -d 'From this day, included: YYYY-MM-DD, today, yesterday, -2w, -1m… [default: from the start]' -r
complete -c smb -n "__fish_smb_using_subcommand report; and __fish_seen_subcommand_from created-by" -l until -d 'To this day, included: YYYY-MM-DD, today, yesterday, -1w… [default: to now]' -r
complete -c smb -n "__fish_smb_using_subcommand report; and __fish_seen_subcommand_from created-by" -l db -d 'The database: a file, or a postgres:// URL [default: smb.db in the platform data directory]' -r -F
complete -c smb -n "__fish_smb_using_subcommand report; and __fish_seen_subcommand_from created-by" -l as -d 'Who is acting (advocate, AE or manager) [default: the OS user name]' -r
complete -c smb -n "__fish_smb_using_subcommand report; and __fish_seen_subcommand_from created-by" -l now -d 'The current time, RFC 3339 or YYYY-MM-DD (00:00 UTC), for scripts and tests' -r
complete -c smb -n "__fish_smb_using_subcommand report; and __fish_seen_subcommand_from created-by" -l format -d 'Output format: a table for people; JSON, JSON lines or CSV (one column per JSON key) for scripts' -r -f -a "table\t''
json\t''
jsonl\t''
csv\t''"
complete -c smb -n "__fish_smb_using_subcommand report; and __fish_seen_subcommand_from created-by" -l color -d 'Colour: auto (a terminal, unless NO_COLOR is set or TERM=dumb; CLICOLOR_FORCE forces it), always or never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c smb -n "__fish_smb_using_subcommand report; and __fish_seen_subcommand_from created-by" -l limit -d 'Show at most N rows of a list' -r
complete -c smb -n "__fish_smb_using_subcommand report; and __fish_seen_subcommand_from created-by" -s q -l quiet -d 'Print nothing but errors (for cron)'
complete -c smb -n "__fish_smb_using_subcommand report; and __fish_seen_subcommand_from created-by" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c smb -n "__fish_smb_using_subcommand report; and __fish_seen_subcommand_from created-by" -s V -l version -d 'Print version'
complete -c smb -n "__fish_smb_using_subcommand report; and __fish_seen_subcommand_from escalations" -l since -d 'From this day, included: YYYY-MM-DD, today, yesterday, -2w, -1m… [default: from the start]' -r
complete -c smb -n "__fish_smb_using_subcommand report; and __fish_seen_subcommand_from escalations" -l until -d 'To this day, included: YYYY-MM-DD, today, yesterday, -1w… [default: to now]' -r
complete -c smb -n "__fish_smb_using_subcommand report; and __fish_seen_subcommand_from escalations" -l db -d 'The database: a file, or a postgres:// URL [default: smb.db in the platform data directory]' -r -F
complete -c smb -n "__fish_smb_using_subcommand report; and __fish_seen_subcommand_from escalations" -l as -d 'Who is acting (advocate, AE or manager) [default: the OS user name]' -r
complete -c smb -n "__fish_smb_using_subcommand report; and __fish_seen_subcommand_from escalations" -l now -d 'The current time, RFC 3339 or YYYY-MM-DD (00:00 UTC), for scripts and tests' -r
complete -c smb -n "__fish_smb_using_subcommand report; and __fish_seen_subcommand_from escalations" -l format -d 'Output format: a table for people; JSON, JSON lines or CSV (one column per JSON key) for scripts' -r -f -a "table\t''
json\t''
jsonl\t''
csv\t''"
complete -c smb -n "__fish_smb_using_subcommand report; and __fish_seen_subcommand_from escalations" -l color -d 'Colour: auto (a terminal, unless NO_COLOR is set or TERM=dumb; CLICOLOR_FORCE forces it), always or never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c smb -n "__fish_smb_using_subcommand report; and __fish_seen_subcommand_from escalations" -l limit -d 'Show at most N rows of a list' -r
complete -c smb -n "__fish_smb_using_subcommand report; and __fish_seen_subcommand_from escalations" -s q -l quiet -d 'Print nothing but errors (for cron)'
complete -c smb -n "__fish_smb_using_subcommand report; and __fish_seen_subcommand_from escalations" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c smb -n "__fish_smb_using_subcommand report; and __fish_seen_subcommand_from escalations" -s V -l version -d 'Print version'
complete -c smb -n "__fish_smb_using_subcommand report; and __fish_seen_subcommand_from dashboard" -l out -d 'The HTML file to write (replaced when it exists)' -r -F
complete -c smb -n "__fish_smb_using_subcommand report; and __fish_seen_subcommand_from dashboard" -l db -d 'The database: a file, or a postgres:// URL [default: smb.db in the platform data directory]' -r -F
complete -c smb -n "__fish_smb_using_subcommand report; and __fish_seen_subcommand_from dashboard" -l as -d 'Who is acting (advocate, AE or manager) [default: the OS user name]' -r
complete -c smb -n "__fish_smb_using_subcommand report; and __fish_seen_subcommand_from dashboard" -l now -d 'The current time, RFC 3339 or YYYY-MM-DD (00:00 UTC), for scripts and tests' -r
complete -c smb -n "__fish_smb_using_subcommand report; and __fish_seen_subcommand_from dashboard" -l format -d 'Output format: a table for people; JSON, JSON lines or CSV (one column per JSON key) for scripts' -r -f -a "table\t''
json\t''
jsonl\t''
csv\t''"
complete -c smb -n "__fish_smb_using_subcommand report; and __fish_seen_subcommand_from dashboard" -l color -d 'Colour: auto (a terminal, unless NO_COLOR is set or TERM=dumb; CLICOLOR_FORCE forces it), always or never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c smb -n "__fish_smb_using_subcommand report; and __fish_seen_subcommand_from dashboard" -l limit -d 'Show at most N rows of a list' -r
complete -c smb -n "__fish_smb_using_subcommand report; and __fish_seen_subcommand_from dashboard" -s q -l quiet -d 'Print nothing but errors (for cron)'
complete -c smb -n "__fish_smb_using_subcommand report; and __fish_seen_subcommand_from dashboard" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c smb -n "__fish_smb_using_subcommand report; and __fish_seen_subcommand_from dashboard" -s V -l version -d 'Print version'
complete -c smb -n "__fish_smb_using_subcommand report; and __fish_seen_subcommand_from picks" -l since -d 'From this day, included: YYYY-MM-DD, today, yesterday, -2w, -1m… [default: from the start]' -r
complete -c smb -n "__fish_smb_using_subcommand report; and __fish_seen_subcommand_from picks" -l until -d 'To this day, included: YYYY-MM-DD, today, yesterday, -1w… [default: to now]' -r
complete -c smb -n "__fish_smb_using_subcommand report; and __fish_seen_subcommand_from picks" -l db -d 'The database: a file, or a postgres:// URL [default: smb.db in the platform data directory]' -r -F
complete -c smb -n "__fish_smb_using_subcommand report; and __fish_seen_subcommand_from picks" -l as -d 'Who is acting (advocate, AE or manager) [default: the OS user name]' -r
complete -c smb -n "__fish_smb_using_subcommand report; and __fish_seen_subcommand_from picks" -l now -d 'The current time, RFC 3339 or YYYY-MM-DD (00:00 UTC), for scripts and tests' -r
complete -c smb -n "__fish_smb_using_subcommand report; and __fish_seen_subcommand_from picks" -l format -d 'Output format: a table for people; JSON, JSON lines or CSV (one column per JSON key) for scripts' -r -f -a "table\t''
json\t''
jsonl\t''
csv\t''"
complete -c smb -n "__fish_smb_using_subcommand report; and __fish_seen_subcommand_from picks" -l color -d 'Colour: auto (a terminal, unless NO_COLOR is set or TERM=dumb; CLICOLOR_FORCE forces it), always or never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c smb -n "__fish_smb_using_subcommand report; and __fish_seen_subcommand_from picks" -l limit -d 'Show at most N rows of a list' -r
complete -c smb -n "__fish_smb_using_subcommand report; and __fish_seen_subcommand_from picks" -s q -l quiet -d 'Print nothing but errors (for cron)'
complete -c smb -n "__fish_smb_using_subcommand report; and __fish_seen_subcommand_from picks" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c smb -n "__fish_smb_using_subcommand report; and __fish_seen_subcommand_from picks" -s V -l version -d 'Print version'
complete -c smb -n "__fish_smb_using_subcommand report; and __fish_seen_subcommand_from help" -f -a "sla" -d 'Pick-up SLA per group: met, breached, waiting, median and p90 hours to pick-up'
complete -c smb -n "__fish_smb_using_subcommand report; and __fish_seen_subcommand_from help" -f -a "aging" -d 'Open and In Progress cases by age, and the cases past the 7-day target'
complete -c smb -n "__fish_smb_using_subcommand report; and __fish_seen_subcommand_from help" -f -a "capacity" -d 'In Progress cases per person against their cap'
complete -c smb -n "__fish_smb_using_subcommand report; and __fish_seen_subcommand_from help" -f -a "volume" -d 'Cases created per month against the expected volume'
complete -c smb -n "__fish_smb_using_subcommand report; and __fish_seen_subcommand_from help" -f -a "hygiene" -d 'The Required 10 gaps, one row per case and gap'
complete -c smb -n "__fish_smb_using_subcommand report; and __fish_seen_subcommand_from help" -f -a "created-by" -d 'The cases that people created, with owner, status and next steps'
complete -c smb -n "__fish_smb_using_subcommand report; and __fish_seen_subcommand_from help" -f -a "escalations" -d 'The escalations `smb escalate` made, with how long each case had waited'
complete -c smb -n "__fish_smb_using_subcommand report; and __fish_seen_subcommand_from help" -f -a "dashboard" -d 'One self-contained HTML page of the managers\' dashboards, charts beside their numbers'
complete -c smb -n "__fish_smb_using_subcommand report; and __fish_seen_subcommand_from help" -f -a "picks" -d 'Pick discipline per person: head picks against forced picks, transfers, waits'
complete -c smb -n "__fish_smb_using_subcommand report; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c smb -n "__fish_smb_using_subcommand forecast" -l days -d 'Days to forecast, today first' -r
complete -c smb -n "__fish_smb_using_subcommand forecast" -l runs -d 'Simulation runs' -r
complete -c smb -n "__fish_smb_using_subcommand forecast" -l seed -d 'Where the random numbers start: the same value gives the same forecast' -r
complete -c smb -n "__fish_smb_using_subcommand forecast" -l db -d 'The database: a file, or a postgres:// URL [default: smb.db in the platform data directory]' -r -F
complete -c smb -n "__fish_smb_using_subcommand forecast" -l as -d 'Who is acting (advocate, AE or manager) [default: the OS user name]' -r
complete -c smb -n "__fish_smb_using_subcommand forecast" -l now -d 'The current time, RFC 3339 or YYYY-MM-DD (00:00 UTC), for scripts and tests' -r
complete -c smb -n "__fish_smb_using_subcommand forecast" -l format -d 'Output format: a table for people; JSON, JSON lines or CSV (one column per JSON key) for scripts' -r -f -a "table\t''
json\t''
jsonl\t''
csv\t''"
complete -c smb -n "__fish_smb_using_subcommand forecast" -l color -d 'Colour: auto (a terminal, unless NO_COLOR is set or TERM=dumb; CLICOLOR_FORCE forces it), always or never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c smb -n "__fish_smb_using_subcommand forecast" -l limit -d 'Show at most N rows of a list' -r
complete -c smb -n "__fish_smb_using_subcommand forecast" -s q -l quiet -d 'Print nothing but errors (for cron)'
complete -c smb -n "__fish_smb_using_subcommand forecast" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c smb -n "__fish_smb_using_subcommand forecast" -s V -l version -d 'Print version'
complete -c smb -n "__fish_smb_using_subcommand advocate; and not __fish_seen_subcommand_from add list away back help" -l db -d 'The database: a file, or a postgres:// URL [default: smb.db in the platform data directory]' -r -F
complete -c smb -n "__fish_smb_using_subcommand advocate; and not __fish_seen_subcommand_from add list away back help" -l as -d 'Who is acting (advocate, AE or manager) [default: the OS user name]' -r
complete -c smb -n "__fish_smb_using_subcommand advocate; and not __fish_seen_subcommand_from add list away back help" -l now -d 'The current time, RFC 3339 or YYYY-MM-DD (00:00 UTC), for scripts and tests' -r
complete -c smb -n "__fish_smb_using_subcommand advocate; and not __fish_seen_subcommand_from add list away back help" -l format -d 'Output format: a table for people; JSON, JSON lines or CSV (one column per JSON key) for scripts' -r -f -a "table\t''
json\t''
jsonl\t''
csv\t''"
complete -c smb -n "__fish_smb_using_subcommand advocate; and not __fish_seen_subcommand_from add list away back help" -l color -d 'Colour: auto (a terminal, unless NO_COLOR is set or TERM=dumb; CLICOLOR_FORCE forces it), always or never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c smb -n "__fish_smb_using_subcommand advocate; and not __fish_seen_subcommand_from add list away back help" -l limit -d 'Show at most N rows of a list' -r
complete -c smb -n "__fish_smb_using_subcommand advocate; and not __fish_seen_subcommand_from add list away back help" -s q -l quiet -d 'Print nothing but errors (for cron)'
complete -c smb -n "__fish_smb_using_subcommand advocate; and not __fish_seen_subcommand_from add list away back help" -s h -l help -d 'Print help'
complete -c smb -n "__fish_smb_using_subcommand advocate; and not __fish_seen_subcommand_from add list away back help" -s V -l version -d 'Print version'
complete -c smb -n "__fish_smb_using_subcommand advocate; and not __fish_seen_subcommand_from add list away back help" -f -a "add" -d 'Add a person, or update their profile'
complete -c smb -n "__fish_smb_using_subcommand advocate; and not __fish_seen_subcommand_from add list away back help" -f -a "list" -d 'List the team, with who is away and who covers'
complete -c smb -n "__fish_smb_using_subcommand advocate; and not __fish_seen_subcommand_from add list away back help" -f -a "away" -d 'Record an absence: cases routed to them go to a cover meanwhile'
complete -c smb -n "__fish_smb_using_subcommand advocate; and not __fish_seen_subcommand_from add list away back help" -f -a "back" -d 'End an absence and give back the cases its plan moved that are still open'
complete -c smb -n "__fish_smb_using_subcommand advocate; and not __fish_seen_subcommand_from add list away back help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c smb -n "__fish_smb_using_subcommand advocate; and __fish_seen_subcommand_from add" -l region -d 'AMER, APAC or EMEA: their queue (AMER and APAC share the AMER queue)' -r -f -a "AMER\t''
APAC\t''
EMEA\t''"
complete -c smb -n "__fish_smb_using_subcommand advocate; and __fish_seen_subcommand_from add" -l languages -d 'Languages they speak, comma-separated' -r
complete -c smb -n "__fish_smb_using_subcommand advocate; and __fish_seen_subcommand_from add" -l role -d 'advocate (picks and works cases), manager (changes any case, reassigns, reads reports) or staff (other departments: create cases and read)' -r -f -a "advocate\t''
manager\t''
staff\t''"
complete -c smb -n "__fish_smb_using_subcommand advocate; and __fish_seen_subcommand_from add" -l capacity -d 'In Progress cases they may hold [default: the default_capacity setting, 50]' -r
complete -c smb -n "__fish_smb_using_subcommand advocate; and __fish_seen_subcommand_from add" -l tz -d 'Their time zone (IANA name, e.g. America/New_York): their today, cadence days and next-steps dates [default: the config file\'s, else the machine\'s]' -r
complete -c smb -n "__fish_smb_using_subcommand advocate; and __fish_seen_subcommand_from add" -l login -d 'PostgreSQL: the database login that acts as this person; links it and grants it what smb needs (database owner only)' -r
complete -c smb -n "__fish_smb_using_subcommand advocate; and __fish_seen_subcommand_from add" -l db -d 'The database: a file, or a postgres:// URL [default: smb.db in the platform data directory]' -r -F
complete -c smb -n "__fish_smb_using_subcommand advocate; and __fish_seen_subcommand_from add" -l as -d 'Who is acting (advocate, AE or manager) [default: the OS user name]' -r
complete -c smb -n "__fish_smb_using_subcommand advocate; and __fish_seen_subcommand_from add" -l now -d 'The current time, RFC 3339 or YYYY-MM-DD (00:00 UTC), for scripts and tests' -r
complete -c smb -n "__fish_smb_using_subcommand advocate; and __fish_seen_subcommand_from add" -l format -d 'Output format: a table for people; JSON, JSON lines or CSV (one column per JSON key) for scripts' -r -f -a "table\t''
json\t''
jsonl\t''
csv\t''"
complete -c smb -n "__fish_smb_using_subcommand advocate; and __fish_seen_subcommand_from add" -l color -d 'Colour: auto (a terminal, unless NO_COLOR is set or TERM=dumb; CLICOLOR_FORCE forces it), always or never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c smb -n "__fish_smb_using_subcommand advocate; and __fish_seen_subcommand_from add" -l limit -d 'Show at most N rows of a list' -r
complete -c smb -n "__fish_smb_using_subcommand advocate; and __fish_seen_subcommand_from add" -s q -l quiet -d 'Print nothing but errors (for cron)'
complete -c smb -n "__fish_smb_using_subcommand advocate; and __fish_seen_subcommand_from add" -s h -l help -d 'Print help'
complete -c smb -n "__fish_smb_using_subcommand advocate; and __fish_seen_subcommand_from add" -s V -l version -d 'Print version'
complete -c smb -n "__fish_smb_using_subcommand advocate; and __fish_seen_subcommand_from list" -l db -d 'The database: a file, or a postgres:// URL [default: smb.db in the platform data directory]' -r -F
complete -c smb -n "__fish_smb_using_subcommand advocate; and __fish_seen_subcommand_from list" -l as -d 'Who is acting (advocate, AE or manager) [default: the OS user name]' -r
complete -c smb -n "__fish_smb_using_subcommand advocate; and __fish_seen_subcommand_from list" -l now -d 'The current time, RFC 3339 or YYYY-MM-DD (00:00 UTC), for scripts and tests' -r
complete -c smb -n "__fish_smb_using_subcommand advocate; and __fish_seen_subcommand_from list" -l format -d 'Output format: a table for people; JSON, JSON lines or CSV (one column per JSON key) for scripts' -r -f -a "table\t''
json\t''
jsonl\t''
csv\t''"
complete -c smb -n "__fish_smb_using_subcommand advocate; and __fish_seen_subcommand_from list" -l color -d 'Colour: auto (a terminal, unless NO_COLOR is set or TERM=dumb; CLICOLOR_FORCE forces it), always or never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c smb -n "__fish_smb_using_subcommand advocate; and __fish_seen_subcommand_from list" -l limit -d 'Show at most N rows of a list' -r
complete -c smb -n "__fish_smb_using_subcommand advocate; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Print nothing but errors (for cron)'
complete -c smb -n "__fish_smb_using_subcommand advocate; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help'
complete -c smb -n "__fish_smb_using_subcommand advocate; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c smb -n "__fish_smb_using_subcommand advocate; and __fish_seen_subcommand_from away" -l from -d 'First day away (YYYY-MM-DD, today, tomorrow, +3d, monday, …)' -r
complete -c smb -n "__fish_smb_using_subcommand advocate; and __fish_seen_subcommand_from away" -l until -d 'Last day away, included' -r
complete -c smb -n "__fish_smb_using_subcommand advocate; and __fish_seen_subcommand_from away" -l cover -d 'Who covers, comma-separated, in order of preference' -r
complete -c smb -n "__fish_smb_using_subcommand advocate; and __fish_seen_subcommand_from away" -l db -d 'The database: a file, or a postgres:// URL [default: smb.db in the platform data directory]' -r -F
complete -c smb -n "__fish_smb_using_subcommand advocate; and __fish_seen_subcommand_from away" -l as -d 'Who is acting (advocate, AE or manager) [default: the OS user name]' -r
complete -c smb -n "__fish_smb_using_subcommand advocate; and __fish_seen_subcommand_from away" -l now -d 'The current time, RFC 3339 or YYYY-MM-DD (00:00 UTC), for scripts and tests' -r
complete -c smb -n "__fish_smb_using_subcommand advocate; and __fish_seen_subcommand_from away" -l format -d 'Output format: a table for people; JSON, JSON lines or CSV (one column per JSON key) for scripts' -r -f -a "table\t''
json\t''
jsonl\t''
csv\t''"
complete -c smb -n "__fish_smb_using_subcommand advocate; and __fish_seen_subcommand_from away" -l color -d 'Colour: auto (a terminal, unless NO_COLOR is set or TERM=dumb; CLICOLOR_FORCE forces it), always or never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c smb -n "__fish_smb_using_subcommand advocate; and __fish_seen_subcommand_from away" -l limit -d 'Show at most N rows of a list' -r
complete -c smb -n "__fish_smb_using_subcommand advocate; and __fish_seen_subcommand_from away" -l plan -d 'Show the reassignment of their In Progress cases over the covers; write nothing'
complete -c smb -n "__fish_smb_using_subcommand advocate; and __fish_seen_subcommand_from away" -l apply -d 'Record the absence and reassign their In Progress cases as --plan shows'
complete -c smb -n "__fish_smb_using_subcommand advocate; and __fish_seen_subcommand_from away" -s q -l quiet -d 'Print nothing but errors (for cron)'
complete -c smb -n "__fish_smb_using_subcommand advocate; and __fish_seen_subcommand_from away" -s h -l help -d 'Print help'
complete -c smb -n "__fish_smb_using_subcommand advocate; and __fish_seen_subcommand_from away" -s V -l version -d 'Print version'
complete -c smb -n "__fish_smb_using_subcommand advocate; and __fish_seen_subcommand_from back" -l db -d 'The database: a file, or a postgres:// URL [default: smb.db in the platform data directory]' -r -F
complete -c smb -n "__fish_smb_using_subcommand advocate; and __fish_seen_subcommand_from back" -l as -d 'Who is acting (advocate, AE or manager) [default: the OS user name]' -r
complete -c smb -n "__fish_smb_using_subcommand advocate; and __fish_seen_subcommand_from back" -l now -d 'The current time, RFC 3339 or YYYY-MM-DD (00:00 UTC), for scripts and tests' -r
complete -c smb -n "__fish_smb_using_subcommand advocate; and __fish_seen_subcommand_from back" -l format -d 'Output format: a table for people; JSON, JSON lines or CSV (one column per JSON key) for scripts' -r -f -a "table\t''
json\t''
jsonl\t''
csv\t''"
complete -c smb -n "__fish_smb_using_subcommand advocate; and __fish_seen_subcommand_from back" -l color -d 'Colour: auto (a terminal, unless NO_COLOR is set or TERM=dumb; CLICOLOR_FORCE forces it), always or never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c smb -n "__fish_smb_using_subcommand advocate; and __fish_seen_subcommand_from back" -l limit -d 'Show at most N rows of a list' -r
complete -c smb -n "__fish_smb_using_subcommand advocate; and __fish_seen_subcommand_from back" -s q -l quiet -d 'Print nothing but errors (for cron)'
complete -c smb -n "__fish_smb_using_subcommand advocate; and __fish_seen_subcommand_from back" -s h -l help -d 'Print help'
complete -c smb -n "__fish_smb_using_subcommand advocate; and __fish_seen_subcommand_from back" -s V -l version -d 'Print version'
complete -c smb -n "__fish_smb_using_subcommand advocate; and __fish_seen_subcommand_from help" -f -a "add" -d 'Add a person, or update their profile'
complete -c smb -n "__fish_smb_using_subcommand advocate; and __fish_seen_subcommand_from help" -f -a "list" -d 'List the team, with who is away and who covers'
complete -c smb -n "__fish_smb_using_subcommand advocate; and __fish_seen_subcommand_from help" -f -a "away" -d 'Record an absence: cases routed to them go to a cover meanwhile'
complete -c smb -n "__fish_smb_using_subcommand advocate; and __fish_seen_subcommand_from help" -f -a "back" -d 'End an absence and give back the cases its plan moved that are still open'
complete -c smb -n "__fish_smb_using_subcommand advocate; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c smb -n "__fish_smb_using_subcommand db; and not __fish_seen_subcommand_from copy help" -l db -d 'The database: a file, or a postgres:// URL [default: smb.db in the platform data directory]' -r -F
complete -c smb -n "__fish_smb_using_subcommand db; and not __fish_seen_subcommand_from copy help" -l as -d 'Who is acting (advocate, AE or manager) [default: the OS user name]' -r
complete -c smb -n "__fish_smb_using_subcommand db; and not __fish_seen_subcommand_from copy help" -l now -d 'The current time, RFC 3339 or YYYY-MM-DD (00:00 UTC), for scripts and tests' -r
complete -c smb -n "__fish_smb_using_subcommand db; and not __fish_seen_subcommand_from copy help" -l format -d 'Output format: a table for people; JSON, JSON lines or CSV (one column per JSON key) for scripts' -r -f -a "table\t''
json\t''
jsonl\t''
csv\t''"
complete -c smb -n "__fish_smb_using_subcommand db; and not __fish_seen_subcommand_from copy help" -l color -d 'Colour: auto (a terminal, unless NO_COLOR is set or TERM=dumb; CLICOLOR_FORCE forces it), always or never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c smb -n "__fish_smb_using_subcommand db; and not __fish_seen_subcommand_from copy help" -l limit -d 'Show at most N rows of a list' -r
complete -c smb -n "__fish_smb_using_subcommand db; and not __fish_seen_subcommand_from copy help" -s q -l quiet -d 'Print nothing but errors (for cron)'
complete -c smb -n "__fish_smb_using_subcommand db; and not __fish_seen_subcommand_from copy help" -s h -l help -d 'Print help'
complete -c smb -n "__fish_smb_using_subcommand db; and not __fish_seen_subcommand_from copy help" -s V -l version -d 'Print version'
complete -c smb -n "__fish_smb_using_subcommand db; and not __fish_seen_subcommand_from copy help" -f -a "copy" -d 'Copy every row of one smb database into an empty one (SQLite to PostgreSQL, or back)'
complete -c smb -n "__fish_smb_using_subcommand db; and not __fish_seen_subcommand_from copy help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c smb -n "__fish_smb_using_subcommand db; and __fish_seen_subcommand_from copy" -l from -d 'The database to copy: a file, or a postgres:// URL' -r
complete -c smb -n "__fish_smb_using_subcommand db; and __fish_seen_subcommand_from copy" -l to -d 'The database to fill: a file, or a postgres:// URL' -r
complete -c smb -n "__fish_smb_using_subcommand db; and __fish_seen_subcommand_from copy" -l db -d 'The database: a file, or a postgres:// URL [default: smb.db in the platform data directory]' -r -F
complete -c smb -n "__fish_smb_using_subcommand db; and __fish_seen_subcommand_from copy" -l as -d 'Who is acting (advocate, AE or manager) [default: the OS user name]' -r
complete -c smb -n "__fish_smb_using_subcommand db; and __fish_seen_subcommand_from copy" -l now -d 'The current time, RFC 3339 or YYYY-MM-DD (00:00 UTC), for scripts and tests' -r
complete -c smb -n "__fish_smb_using_subcommand db; and __fish_seen_subcommand_from copy" -l format -d 'Output format: a table for people; JSON, JSON lines or CSV (one column per JSON key) for scripts' -r -f -a "table\t''
json\t''
jsonl\t''
csv\t''"
complete -c smb -n "__fish_smb_using_subcommand db; and __fish_seen_subcommand_from copy" -l color -d 'Colour: auto (a terminal, unless NO_COLOR is set or TERM=dumb; CLICOLOR_FORCE forces it), always or never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c smb -n "__fish_smb_using_subcommand db; and __fish_seen_subcommand_from copy" -l limit -d 'Show at most N rows of a list' -r
complete -c smb -n "__fish_smb_using_subcommand db; and __fish_seen_subcommand_from copy" -s q -l quiet -d 'Print nothing but errors (for cron)'
complete -c smb -n "__fish_smb_using_subcommand db; and __fish_seen_subcommand_from copy" -s h -l help -d 'Print help'
complete -c smb -n "__fish_smb_using_subcommand db; and __fish_seen_subcommand_from copy" -s V -l version -d 'Print version'
complete -c smb -n "__fish_smb_using_subcommand db; and __fish_seen_subcommand_from help" -f -a "copy" -d 'Copy every row of one smb database into an empty one (SQLite to PostgreSQL, or back)'
complete -c smb -n "__fish_smb_using_subcommand db; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c smb -n "__fish_smb_using_subcommand demo" -l db -d 'The database: a file, or a postgres:// URL [default: smb.db in the platform data directory]' -r -F
complete -c smb -n "__fish_smb_using_subcommand demo" -l as -d 'Who is acting (advocate, AE or manager) [default: the OS user name]' -r
complete -c smb -n "__fish_smb_using_subcommand demo" -l now -d 'The current time, RFC 3339 or YYYY-MM-DD (00:00 UTC), for scripts and tests' -r
complete -c smb -n "__fish_smb_using_subcommand demo" -l format -d 'Output format: a table for people; JSON, JSON lines or CSV (one column per JSON key) for scripts' -r -f -a "table\t''
json\t''
jsonl\t''
csv\t''"
complete -c smb -n "__fish_smb_using_subcommand demo" -l color -d 'Colour: auto (a terminal, unless NO_COLOR is set or TERM=dumb; CLICOLOR_FORCE forces it), always or never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c smb -n "__fish_smb_using_subcommand demo" -l limit -d 'Show at most N rows of a list' -r
complete -c smb -n "__fish_smb_using_subcommand demo" -s q -l quiet -d 'Print nothing but errors (for cron)'
complete -c smb -n "__fish_smb_using_subcommand demo" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c smb -n "__fish_smb_using_subcommand demo" -s V -l version -d 'Print version'
complete -c smb -n "__fish_smb_using_subcommand completions" -l db -d 'The database: a file, or a postgres:// URL [default: smb.db in the platform data directory]' -r -F
complete -c smb -n "__fish_smb_using_subcommand completions" -l as -d 'Who is acting (advocate, AE or manager) [default: the OS user name]' -r
complete -c smb -n "__fish_smb_using_subcommand completions" -l now -d 'The current time, RFC 3339 or YYYY-MM-DD (00:00 UTC), for scripts and tests' -r
complete -c smb -n "__fish_smb_using_subcommand completions" -l format -d 'Output format: a table for people; JSON, JSON lines or CSV (one column per JSON key) for scripts' -r -f -a "table\t''
json\t''
jsonl\t''
csv\t''"
complete -c smb -n "__fish_smb_using_subcommand completions" -l color -d 'Colour: auto (a terminal, unless NO_COLOR is set or TERM=dumb; CLICOLOR_FORCE forces it), always or never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c smb -n "__fish_smb_using_subcommand completions" -l limit -d 'Show at most N rows of a list' -r
complete -c smb -n "__fish_smb_using_subcommand completions" -s q -l quiet -d 'Print nothing but errors (for cron)'
complete -c smb -n "__fish_smb_using_subcommand completions" -s h -l help -d 'Print help'
complete -c smb -n "__fish_smb_using_subcommand completions" -s V -l version -d 'Print version'
complete -c smb -n "__fish_smb_using_subcommand whoami" -l db -d 'The database: a file, or a postgres:// URL [default: smb.db in the platform data directory]' -r -F
complete -c smb -n "__fish_smb_using_subcommand whoami" -l as -d 'Who is acting (advocate, AE or manager) [default: the OS user name]' -r
complete -c smb -n "__fish_smb_using_subcommand whoami" -l now -d 'The current time, RFC 3339 or YYYY-MM-DD (00:00 UTC), for scripts and tests' -r
complete -c smb -n "__fish_smb_using_subcommand whoami" -l format -d 'Output format: a table for people; JSON, JSON lines or CSV (one column per JSON key) for scripts' -r -f -a "table\t''
json\t''
jsonl\t''
csv\t''"
complete -c smb -n "__fish_smb_using_subcommand whoami" -l color -d 'Colour: auto (a terminal, unless NO_COLOR is set or TERM=dumb; CLICOLOR_FORCE forces it), always or never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c smb -n "__fish_smb_using_subcommand whoami" -l limit -d 'Show at most N rows of a list' -r
complete -c smb -n "__fish_smb_using_subcommand whoami" -s q -l quiet -d 'Print nothing but errors (for cron)'
complete -c smb -n "__fish_smb_using_subcommand whoami" -s h -l help -d 'Print help'
complete -c smb -n "__fish_smb_using_subcommand whoami" -s V -l version -d 'Print version'
complete -c smb -n "__fish_smb_using_subcommand man" -l db -d 'The database: a file, or a postgres:// URL [default: smb.db in the platform data directory]' -r -F
complete -c smb -n "__fish_smb_using_subcommand man" -l as -d 'Who is acting (advocate, AE or manager) [default: the OS user name]' -r
complete -c smb -n "__fish_smb_using_subcommand man" -l now -d 'The current time, RFC 3339 or YYYY-MM-DD (00:00 UTC), for scripts and tests' -r
complete -c smb -n "__fish_smb_using_subcommand man" -l format -d 'Output format: a table for people; JSON, JSON lines or CSV (one column per JSON key) for scripts' -r -f -a "table\t''
json\t''
jsonl\t''
csv\t''"
complete -c smb -n "__fish_smb_using_subcommand man" -l color -d 'Colour: auto (a terminal, unless NO_COLOR is set or TERM=dumb; CLICOLOR_FORCE forces it), always or never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c smb -n "__fish_smb_using_subcommand man" -l limit -d 'Show at most N rows of a list' -r
complete -c smb -n "__fish_smb_using_subcommand man" -s q -l quiet -d 'Print nothing but errors (for cron)'
complete -c smb -n "__fish_smb_using_subcommand man" -s h -l help -d 'Print help'
complete -c smb -n "__fish_smb_using_subcommand man" -s V -l version -d 'Print version'
complete -c smb -n "__fish_smb_using_subcommand template; and not __fish_seen_subcommand_from list show path help" -l db -d 'The database: a file, or a postgres:// URL [default: smb.db in the platform data directory]' -r -F
complete -c smb -n "__fish_smb_using_subcommand template; and not __fish_seen_subcommand_from list show path help" -l as -d 'Who is acting (advocate, AE or manager) [default: the OS user name]' -r
complete -c smb -n "__fish_smb_using_subcommand template; and not __fish_seen_subcommand_from list show path help" -l now -d 'The current time, RFC 3339 or YYYY-MM-DD (00:00 UTC), for scripts and tests' -r
complete -c smb -n "__fish_smb_using_subcommand template; and not __fish_seen_subcommand_from list show path help" -l format -d 'Output format: a table for people; JSON, JSON lines or CSV (one column per JSON key) for scripts' -r -f -a "table\t''
json\t''
jsonl\t''
csv\t''"
complete -c smb -n "__fish_smb_using_subcommand template; and not __fish_seen_subcommand_from list show path help" -l color -d 'Colour: auto (a terminal, unless NO_COLOR is set or TERM=dumb; CLICOLOR_FORCE forces it), always or never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c smb -n "__fish_smb_using_subcommand template; and not __fish_seen_subcommand_from list show path help" -l limit -d 'Show at most N rows of a list' -r
complete -c smb -n "__fish_smb_using_subcommand template; and not __fish_seen_subcommand_from list show path help" -s q -l quiet -d 'Print nothing but errors (for cron)'
complete -c smb -n "__fish_smb_using_subcommand template; and not __fish_seen_subcommand_from list show path help" -s h -l help -d 'Print help'
complete -c smb -n "__fish_smb_using_subcommand template; and not __fish_seen_subcommand_from list show path help" -s V -l version -d 'Print version'
complete -c smb -n "__fish_smb_using_subcommand template; and not __fish_seen_subcommand_from list show path help" -f -a "list" -d 'Every template key, where it comes from (built in or the team\'s file), and whether it compiles; a file that does not is refused (exit 2) with its line'
complete -c smb -n "__fish_smb_using_subcommand template; and not __fish_seen_subcommand_from list show path help" -f -a "show" -d 'Print the template in effect for KEY (a trigger key, `manual` or `cadence`)'
complete -c smb -n "__fish_smb_using_subcommand template; and not __fish_seen_subcommand_from list show path help" -f -a "path" -d 'Print the folder of the team\'s own templates'
complete -c smb -n "__fish_smb_using_subcommand template; and not __fish_seen_subcommand_from list show path help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c smb -n "__fish_smb_using_subcommand template; and __fish_seen_subcommand_from list" -l db -d 'The database: a file, or a postgres:// URL [default: smb.db in the platform data directory]' -r -F
complete -c smb -n "__fish_smb_using_subcommand template; and __fish_seen_subcommand_from list" -l as -d 'Who is acting (advocate, AE or manager) [default: the OS user name]' -r
complete -c smb -n "__fish_smb_using_subcommand template; and __fish_seen_subcommand_from list" -l now -d 'The current time, RFC 3339 or YYYY-MM-DD (00:00 UTC), for scripts and tests' -r
complete -c smb -n "__fish_smb_using_subcommand template; and __fish_seen_subcommand_from list" -l format -d 'Output format: a table for people; JSON, JSON lines or CSV (one column per JSON key) for scripts' -r -f -a "table\t''
json\t''
jsonl\t''
csv\t''"
complete -c smb -n "__fish_smb_using_subcommand template; and __fish_seen_subcommand_from list" -l color -d 'Colour: auto (a terminal, unless NO_COLOR is set or TERM=dumb; CLICOLOR_FORCE forces it), always or never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c smb -n "__fish_smb_using_subcommand template; and __fish_seen_subcommand_from list" -l limit -d 'Show at most N rows of a list' -r
complete -c smb -n "__fish_smb_using_subcommand template; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Print nothing but errors (for cron)'
complete -c smb -n "__fish_smb_using_subcommand template; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help'
complete -c smb -n "__fish_smb_using_subcommand template; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c smb -n "__fish_smb_using_subcommand template; and __fish_seen_subcommand_from show" -l db -d 'The database: a file, or a postgres:// URL [default: smb.db in the platform data directory]' -r -F
complete -c smb -n "__fish_smb_using_subcommand template; and __fish_seen_subcommand_from show" -l as -d 'Who is acting (advocate, AE or manager) [default: the OS user name]' -r
complete -c smb -n "__fish_smb_using_subcommand template; and __fish_seen_subcommand_from show" -l now -d 'The current time, RFC 3339 or YYYY-MM-DD (00:00 UTC), for scripts and tests' -r
complete -c smb -n "__fish_smb_using_subcommand template; and __fish_seen_subcommand_from show" -l format -d 'Output format: a table for people; JSON, JSON lines or CSV (one column per JSON key) for scripts' -r -f -a "table\t''
json\t''
jsonl\t''
csv\t''"
complete -c smb -n "__fish_smb_using_subcommand template; and __fish_seen_subcommand_from show" -l color -d 'Colour: auto (a terminal, unless NO_COLOR is set or TERM=dumb; CLICOLOR_FORCE forces it), always or never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c smb -n "__fish_smb_using_subcommand template; and __fish_seen_subcommand_from show" -l limit -d 'Show at most N rows of a list' -r
complete -c smb -n "__fish_smb_using_subcommand template; and __fish_seen_subcommand_from show" -s q -l quiet -d 'Print nothing but errors (for cron)'
complete -c smb -n "__fish_smb_using_subcommand template; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help'
complete -c smb -n "__fish_smb_using_subcommand template; and __fish_seen_subcommand_from show" -s V -l version -d 'Print version'
complete -c smb -n "__fish_smb_using_subcommand template; and __fish_seen_subcommand_from path" -l db -d 'The database: a file, or a postgres:// URL [default: smb.db in the platform data directory]' -r -F
complete -c smb -n "__fish_smb_using_subcommand template; and __fish_seen_subcommand_from path" -l as -d 'Who is acting (advocate, AE or manager) [default: the OS user name]' -r
complete -c smb -n "__fish_smb_using_subcommand template; and __fish_seen_subcommand_from path" -l now -d 'The current time, RFC 3339 or YYYY-MM-DD (00:00 UTC), for scripts and tests' -r
complete -c smb -n "__fish_smb_using_subcommand template; and __fish_seen_subcommand_from path" -l format -d 'Output format: a table for people; JSON, JSON lines or CSV (one column per JSON key) for scripts' -r -f -a "table\t''
json\t''
jsonl\t''
csv\t''"
complete -c smb -n "__fish_smb_using_subcommand template; and __fish_seen_subcommand_from path" -l color -d 'Colour: auto (a terminal, unless NO_COLOR is set or TERM=dumb; CLICOLOR_FORCE forces it), always or never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c smb -n "__fish_smb_using_subcommand template; and __fish_seen_subcommand_from path" -l limit -d 'Show at most N rows of a list' -r
complete -c smb -n "__fish_smb_using_subcommand template; and __fish_seen_subcommand_from path" -s q -l quiet -d 'Print nothing but errors (for cron)'
complete -c smb -n "__fish_smb_using_subcommand template; and __fish_seen_subcommand_from path" -s h -l help -d 'Print help'
complete -c smb -n "__fish_smb_using_subcommand template; and __fish_seen_subcommand_from path" -s V -l version -d 'Print version'
complete -c smb -n "__fish_smb_using_subcommand template; and __fish_seen_subcommand_from help" -f -a "list" -d 'Every template key, where it comes from (built in or the team\'s file), and whether it compiles; a file that does not is refused (exit 2) with its line'
complete -c smb -n "__fish_smb_using_subcommand template; and __fish_seen_subcommand_from help" -f -a "show" -d 'Print the template in effect for KEY (a trigger key, `manual` or `cadence`)'
complete -c smb -n "__fish_smb_using_subcommand template; and __fish_seen_subcommand_from help" -f -a "path" -d 'Print the folder of the team\'s own templates'
complete -c smb -n "__fish_smb_using_subcommand template; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c smb -n "__fish_smb_using_subcommand calendar; and not __fish_seen_subcommand_from add import remove show help" -l db -d 'The database: a file, or a postgres:// URL [default: smb.db in the platform data directory]' -r -F
complete -c smb -n "__fish_smb_using_subcommand calendar; and not __fish_seen_subcommand_from add import remove show help" -l as -d 'Who is acting (advocate, AE or manager) [default: the OS user name]' -r
complete -c smb -n "__fish_smb_using_subcommand calendar; and not __fish_seen_subcommand_from add import remove show help" -l now -d 'The current time, RFC 3339 or YYYY-MM-DD (00:00 UTC), for scripts and tests' -r
complete -c smb -n "__fish_smb_using_subcommand calendar; and not __fish_seen_subcommand_from add import remove show help" -l format -d 'Output format: a table for people; JSON, JSON lines or CSV (one column per JSON key) for scripts' -r -f -a "table\t''
json\t''
jsonl\t''
csv\t''"
complete -c smb -n "__fish_smb_using_subcommand calendar; and not __fish_seen_subcommand_from add import remove show help" -l color -d 'Colour: auto (a terminal, unless NO_COLOR is set or TERM=dumb; CLICOLOR_FORCE forces it), always or never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c smb -n "__fish_smb_using_subcommand calendar; and not __fish_seen_subcommand_from add import remove show help" -l limit -d 'Show at most N rows of a list' -r
complete -c smb -n "__fish_smb_using_subcommand calendar; and not __fish_seen_subcommand_from add import remove show help" -s q -l quiet -d 'Print nothing but errors (for cron)'
complete -c smb -n "__fish_smb_using_subcommand calendar; and not __fish_seen_subcommand_from add import remove show help" -s h -l help -d 'Print help'
complete -c smb -n "__fish_smb_using_subcommand calendar; and not __fish_seen_subcommand_from add import remove show help" -s V -l version -d 'Print version'
complete -c smb -n "__fish_smb_using_subcommand calendar; and not __fish_seen_subcommand_from add import remove show help" -f -a "add" -d 'Add a holiday (or rename one)'
complete -c smb -n "__fish_smb_using_subcommand calendar; and not __fish_seen_subcommand_from add import remove show help" -f -a "import" -d 'Add the holidays of an iCalendar (.ics) or CSV (date,name) file'
complete -c smb -n "__fish_smb_using_subcommand calendar; and not __fish_seen_subcommand_from add import remove show help" -f -a "remove" -d 'Remove a holiday'
complete -c smb -n "__fish_smb_using_subcommand calendar; and not __fish_seen_subcommand_from add import remove show help" -f -a "show" -d 'List the holidays'
complete -c smb -n "__fish_smb_using_subcommand calendar; and not __fish_seen_subcommand_from add import remove show help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c smb -n "__fish_smb_using_subcommand calendar; and __fish_seen_subcommand_from add" -l name -d 'What the day is called' -r
complete -c smb -n "__fish_smb_using_subcommand calendar; and __fish_seen_subcommand_from add" -l db -d 'The database: a file, or a postgres:// URL [default: smb.db in the platform data directory]' -r -F
complete -c smb -n "__fish_smb_using_subcommand calendar; and __fish_seen_subcommand_from add" -l as -d 'Who is acting (advocate, AE or manager) [default: the OS user name]' -r
complete -c smb -n "__fish_smb_using_subcommand calendar; and __fish_seen_subcommand_from add" -l now -d 'The current time, RFC 3339 or YYYY-MM-DD (00:00 UTC), for scripts and tests' -r
complete -c smb -n "__fish_smb_using_subcommand calendar; and __fish_seen_subcommand_from add" -l format -d 'Output format: a table for people; JSON, JSON lines or CSV (one column per JSON key) for scripts' -r -f -a "table\t''
json\t''
jsonl\t''
csv\t''"
complete -c smb -n "__fish_smb_using_subcommand calendar; and __fish_seen_subcommand_from add" -l color -d 'Colour: auto (a terminal, unless NO_COLOR is set or TERM=dumb; CLICOLOR_FORCE forces it), always or never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c smb -n "__fish_smb_using_subcommand calendar; and __fish_seen_subcommand_from add" -l limit -d 'Show at most N rows of a list' -r
complete -c smb -n "__fish_smb_using_subcommand calendar; and __fish_seen_subcommand_from add" -s q -l quiet -d 'Print nothing but errors (for cron)'
complete -c smb -n "__fish_smb_using_subcommand calendar; and __fish_seen_subcommand_from add" -s h -l help -d 'Print help'
complete -c smb -n "__fish_smb_using_subcommand calendar; and __fish_seen_subcommand_from add" -s V -l version -d 'Print version'
complete -c smb -n "__fish_smb_using_subcommand calendar; and __fish_seen_subcommand_from import" -l db -d 'The database: a file, or a postgres:// URL [default: smb.db in the platform data directory]' -r -F
complete -c smb -n "__fish_smb_using_subcommand calendar; and __fish_seen_subcommand_from import" -l as -d 'Who is acting (advocate, AE or manager) [default: the OS user name]' -r
complete -c smb -n "__fish_smb_using_subcommand calendar; and __fish_seen_subcommand_from import" -l now -d 'The current time, RFC 3339 or YYYY-MM-DD (00:00 UTC), for scripts and tests' -r
complete -c smb -n "__fish_smb_using_subcommand calendar; and __fish_seen_subcommand_from import" -l format -d 'Output format: a table for people; JSON, JSON lines or CSV (one column per JSON key) for scripts' -r -f -a "table\t''
json\t''
jsonl\t''
csv\t''"
complete -c smb -n "__fish_smb_using_subcommand calendar; and __fish_seen_subcommand_from import" -l color -d 'Colour: auto (a terminal, unless NO_COLOR is set or TERM=dumb; CLICOLOR_FORCE forces it), always or never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c smb -n "__fish_smb_using_subcommand calendar; and __fish_seen_subcommand_from import" -l limit -d 'Show at most N rows of a list' -r
complete -c smb -n "__fish_smb_using_subcommand calendar; and __fish_seen_subcommand_from import" -s q -l quiet -d 'Print nothing but errors (for cron)'
complete -c smb -n "__fish_smb_using_subcommand calendar; and __fish_seen_subcommand_from import" -s h -l help -d 'Print help'
complete -c smb -n "__fish_smb_using_subcommand calendar; and __fish_seen_subcommand_from import" -s V -l version -d 'Print version'
complete -c smb -n "__fish_smb_using_subcommand calendar; and __fish_seen_subcommand_from remove" -l db -d 'The database: a file, or a postgres:// URL [default: smb.db in the platform data directory]' -r -F
complete -c smb -n "__fish_smb_using_subcommand calendar; and __fish_seen_subcommand_from remove" -l as -d 'Who is acting (advocate, AE or manager) [default: the OS user name]' -r
complete -c smb -n "__fish_smb_using_subcommand calendar; and __fish_seen_subcommand_from remove" -l now -d 'The current time, RFC 3339 or YYYY-MM-DD (00:00 UTC), for scripts and tests' -r
complete -c smb -n "__fish_smb_using_subcommand calendar; and __fish_seen_subcommand_from remove" -l format -d 'Output format: a table for people; JSON, JSON lines or CSV (one column per JSON key) for scripts' -r -f -a "table\t''
json\t''
jsonl\t''
csv\t''"
complete -c smb -n "__fish_smb_using_subcommand calendar; and __fish_seen_subcommand_from remove" -l color -d 'Colour: auto (a terminal, unless NO_COLOR is set or TERM=dumb; CLICOLOR_FORCE forces it), always or never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c smb -n "__fish_smb_using_subcommand calendar; and __fish_seen_subcommand_from remove" -l limit -d 'Show at most N rows of a list' -r
complete -c smb -n "__fish_smb_using_subcommand calendar; and __fish_seen_subcommand_from remove" -s q -l quiet -d 'Print nothing but errors (for cron)'
complete -c smb -n "__fish_smb_using_subcommand calendar; and __fish_seen_subcommand_from remove" -s h -l help -d 'Print help'
complete -c smb -n "__fish_smb_using_subcommand calendar; and __fish_seen_subcommand_from remove" -s V -l version -d 'Print version'
complete -c smb -n "__fish_smb_using_subcommand calendar; and __fish_seen_subcommand_from show" -l year -d 'Only this year\'s' -r
complete -c smb -n "__fish_smb_using_subcommand calendar; and __fish_seen_subcommand_from show" -l db -d 'The database: a file, or a postgres:// URL [default: smb.db in the platform data directory]' -r -F
complete -c smb -n "__fish_smb_using_subcommand calendar; and __fish_seen_subcommand_from show" -l as -d 'Who is acting (advocate, AE or manager) [default: the OS user name]' -r
complete -c smb -n "__fish_smb_using_subcommand calendar; and __fish_seen_subcommand_from show" -l now -d 'The current time, RFC 3339 or YYYY-MM-DD (00:00 UTC), for scripts and tests' -r
complete -c smb -n "__fish_smb_using_subcommand calendar; and __fish_seen_subcommand_from show" -l format -d 'Output format: a table for people; JSON, JSON lines or CSV (one column per JSON key) for scripts' -r -f -a "table\t''
json\t''
jsonl\t''
csv\t''"
complete -c smb -n "__fish_smb_using_subcommand calendar; and __fish_seen_subcommand_from show" -l color -d 'Colour: auto (a terminal, unless NO_COLOR is set or TERM=dumb; CLICOLOR_FORCE forces it), always or never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c smb -n "__fish_smb_using_subcommand calendar; and __fish_seen_subcommand_from show" -l limit -d 'Show at most N rows of a list' -r
complete -c smb -n "__fish_smb_using_subcommand calendar; and __fish_seen_subcommand_from show" -s q -l quiet -d 'Print nothing but errors (for cron)'
complete -c smb -n "__fish_smb_using_subcommand calendar; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help'
complete -c smb -n "__fish_smb_using_subcommand calendar; and __fish_seen_subcommand_from show" -s V -l version -d 'Print version'
complete -c smb -n "__fish_smb_using_subcommand calendar; and __fish_seen_subcommand_from help" -f -a "add" -d 'Add a holiday (or rename one)'
complete -c smb -n "__fish_smb_using_subcommand calendar; and __fish_seen_subcommand_from help" -f -a "import" -d 'Add the holidays of an iCalendar (.ics) or CSV (date,name) file'
complete -c smb -n "__fish_smb_using_subcommand calendar; and __fish_seen_subcommand_from help" -f -a "remove" -d 'Remove a holiday'
complete -c smb -n "__fish_smb_using_subcommand calendar; and __fish_seen_subcommand_from help" -f -a "show" -d 'List the holidays'
complete -c smb -n "__fish_smb_using_subcommand calendar; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c smb -n "__fish_smb_using_subcommand settings; and not __fish_seen_subcommand_from list get set log help" -l db -d 'The database: a file, or a postgres:// URL [default: smb.db in the platform data directory]' -r -F
complete -c smb -n "__fish_smb_using_subcommand settings; and not __fish_seen_subcommand_from list get set log help" -l as -d 'Who is acting (advocate, AE or manager) [default: the OS user name]' -r
complete -c smb -n "__fish_smb_using_subcommand settings; and not __fish_seen_subcommand_from list get set log help" -l now -d 'The current time, RFC 3339 or YYYY-MM-DD (00:00 UTC), for scripts and tests' -r
complete -c smb -n "__fish_smb_using_subcommand settings; and not __fish_seen_subcommand_from list get set log help" -l format -d 'Output format: a table for people; JSON, JSON lines or CSV (one column per JSON key) for scripts' -r -f -a "table\t''
json\t''
jsonl\t''
csv\t''"
complete -c smb -n "__fish_smb_using_subcommand settings; and not __fish_seen_subcommand_from list get set log help" -l color -d 'Colour: auto (a terminal, unless NO_COLOR is set or TERM=dumb; CLICOLOR_FORCE forces it), always or never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c smb -n "__fish_smb_using_subcommand settings; and not __fish_seen_subcommand_from list get set log help" -l limit -d 'Show at most N rows of a list' -r
complete -c smb -n "__fish_smb_using_subcommand settings; and not __fish_seen_subcommand_from list get set log help" -s q -l quiet -d 'Print nothing but errors (for cron)'
complete -c smb -n "__fish_smb_using_subcommand settings; and not __fish_seen_subcommand_from list get set log help" -s h -l help -d 'Print help'
complete -c smb -n "__fish_smb_using_subcommand settings; and not __fish_seen_subcommand_from list get set log help" -s V -l version -d 'Print version'
complete -c smb -n "__fish_smb_using_subcommand settings; and not __fish_seen_subcommand_from list get set log help" -f -a "list" -d 'List the settings of this database\'s model with their values and defaults'
complete -c smb -n "__fish_smb_using_subcommand settings; and not __fish_seen_subcommand_from list get set log help" -f -a "get" -d 'Print one setting\'s value'
complete -c smb -n "__fish_smb_using_subcommand settings; and not __fish_seen_subcommand_from list get set log help" -f -a "set" -d 'Change a setting (a manager, or the database owner)'
complete -c smb -n "__fish_smb_using_subcommand settings; and not __fish_seen_subcommand_from list get set log help" -f -a "log" -d 'List the changes: when, who, what, from and to'
complete -c smb -n "__fish_smb_using_subcommand settings; and not __fish_seen_subcommand_from list get set log help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c smb -n "__fish_smb_using_subcommand settings; and __fish_seen_subcommand_from list" -l db -d 'The database: a file, or a postgres:// URL [default: smb.db in the platform data directory]' -r -F
complete -c smb -n "__fish_smb_using_subcommand settings; and __fish_seen_subcommand_from list" -l as -d 'Who is acting (advocate, AE or manager) [default: the OS user name]' -r
complete -c smb -n "__fish_smb_using_subcommand settings; and __fish_seen_subcommand_from list" -l now -d 'The current time, RFC 3339 or YYYY-MM-DD (00:00 UTC), for scripts and tests' -r
complete -c smb -n "__fish_smb_using_subcommand settings; and __fish_seen_subcommand_from list" -l format -d 'Output format: a table for people; JSON, JSON lines or CSV (one column per JSON key) for scripts' -r -f -a "table\t''
json\t''
jsonl\t''
csv\t''"
complete -c smb -n "__fish_smb_using_subcommand settings; and __fish_seen_subcommand_from list" -l color -d 'Colour: auto (a terminal, unless NO_COLOR is set or TERM=dumb; CLICOLOR_FORCE forces it), always or never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c smb -n "__fish_smb_using_subcommand settings; and __fish_seen_subcommand_from list" -l limit -d 'Show at most N rows of a list' -r
complete -c smb -n "__fish_smb_using_subcommand settings; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Print nothing but errors (for cron)'
complete -c smb -n "__fish_smb_using_subcommand settings; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help'
complete -c smb -n "__fish_smb_using_subcommand settings; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c smb -n "__fish_smb_using_subcommand settings; and __fish_seen_subcommand_from get" -l db -d 'The database: a file, or a postgres:// URL [default: smb.db in the platform data directory]' -r -F
complete -c smb -n "__fish_smb_using_subcommand settings; and __fish_seen_subcommand_from get" -l as -d 'Who is acting (advocate, AE or manager) [default: the OS user name]' -r
complete -c smb -n "__fish_smb_using_subcommand settings; and __fish_seen_subcommand_from get" -l now -d 'The current time, RFC 3339 or YYYY-MM-DD (00:00 UTC), for scripts and tests' -r
complete -c smb -n "__fish_smb_using_subcommand settings; and __fish_seen_subcommand_from get" -l format -d 'Output format: a table for people; JSON, JSON lines or CSV (one column per JSON key) for scripts' -r -f -a "table\t''
json\t''
jsonl\t''
csv\t''"
complete -c smb -n "__fish_smb_using_subcommand settings; and __fish_seen_subcommand_from get" -l color -d 'Colour: auto (a terminal, unless NO_COLOR is set or TERM=dumb; CLICOLOR_FORCE forces it), always or never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c smb -n "__fish_smb_using_subcommand settings; and __fish_seen_subcommand_from get" -l limit -d 'Show at most N rows of a list' -r
complete -c smb -n "__fish_smb_using_subcommand settings; and __fish_seen_subcommand_from get" -s q -l quiet -d 'Print nothing but errors (for cron)'
complete -c smb -n "__fish_smb_using_subcommand settings; and __fish_seen_subcommand_from get" -s h -l help -d 'Print help'
complete -c smb -n "__fish_smb_using_subcommand settings; and __fish_seen_subcommand_from get" -s V -l version -d 'Print version'
complete -c smb -n "__fish_smb_using_subcommand settings; and __fish_seen_subcommand_from set" -l db -d 'The database: a file, or a postgres:// URL [default: smb.db in the platform data directory]' -r -F
complete -c smb -n "__fish_smb_using_subcommand settings; and __fish_seen_subcommand_from set" -l as -d 'Who is acting (advocate, AE or manager) [default: the OS user name]' -r
complete -c smb -n "__fish_smb_using_subcommand settings; and __fish_seen_subcommand_from set" -l now -d 'The current time, RFC 3339 or YYYY-MM-DD (00:00 UTC), for scripts and tests' -r
complete -c smb -n "__fish_smb_using_subcommand settings; and __fish_seen_subcommand_from set" -l format -d 'Output format: a table for people; JSON, JSON lines or CSV (one column per JSON key) for scripts' -r -f -a "table\t''
json\t''
jsonl\t''
csv\t''"
complete -c smb -n "__fish_smb_using_subcommand settings; and __fish_seen_subcommand_from set" -l color -d 'Colour: auto (a terminal, unless NO_COLOR is set or TERM=dumb; CLICOLOR_FORCE forces it), always or never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c smb -n "__fish_smb_using_subcommand settings; and __fish_seen_subcommand_from set" -l limit -d 'Show at most N rows of a list' -r
complete -c smb -n "__fish_smb_using_subcommand settings; and __fish_seen_subcommand_from set" -s q -l quiet -d 'Print nothing but errors (for cron)'
complete -c smb -n "__fish_smb_using_subcommand settings; and __fish_seen_subcommand_from set" -s h -l help -d 'Print help'
complete -c smb -n "__fish_smb_using_subcommand settings; and __fish_seen_subcommand_from set" -s V -l version -d 'Print version'
complete -c smb -n "__fish_smb_using_subcommand settings; and __fish_seen_subcommand_from log" -l db -d 'The database: a file, or a postgres:// URL [default: smb.db in the platform data directory]' -r -F
complete -c smb -n "__fish_smb_using_subcommand settings; and __fish_seen_subcommand_from log" -l as -d 'Who is acting (advocate, AE or manager) [default: the OS user name]' -r
complete -c smb -n "__fish_smb_using_subcommand settings; and __fish_seen_subcommand_from log" -l now -d 'The current time, RFC 3339 or YYYY-MM-DD (00:00 UTC), for scripts and tests' -r
complete -c smb -n "__fish_smb_using_subcommand settings; and __fish_seen_subcommand_from log" -l format -d 'Output format: a table for people; JSON, JSON lines or CSV (one column per JSON key) for scripts' -r -f -a "table\t''
json\t''
jsonl\t''
csv\t''"
complete -c smb -n "__fish_smb_using_subcommand settings; and __fish_seen_subcommand_from log" -l color -d 'Colour: auto (a terminal, unless NO_COLOR is set or TERM=dumb; CLICOLOR_FORCE forces it), always or never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c smb -n "__fish_smb_using_subcommand settings; and __fish_seen_subcommand_from log" -l limit -d 'Show at most N rows of a list' -r
complete -c smb -n "__fish_smb_using_subcommand settings; and __fish_seen_subcommand_from log" -s q -l quiet -d 'Print nothing but errors (for cron)'
complete -c smb -n "__fish_smb_using_subcommand settings; and __fish_seen_subcommand_from log" -s h -l help -d 'Print help'
complete -c smb -n "__fish_smb_using_subcommand settings; and __fish_seen_subcommand_from log" -s V -l version -d 'Print version'
complete -c smb -n "__fish_smb_using_subcommand settings; and __fish_seen_subcommand_from help" -f -a "list" -d 'List the settings of this database\'s model with their values and defaults'
complete -c smb -n "__fish_smb_using_subcommand settings; and __fish_seen_subcommand_from help" -f -a "get" -d 'Print one setting\'s value'
complete -c smb -n "__fish_smb_using_subcommand settings; and __fish_seen_subcommand_from help" -f -a "set" -d 'Change a setting (a manager, or the database owner)'
complete -c smb -n "__fish_smb_using_subcommand settings; and __fish_seen_subcommand_from help" -f -a "log" -d 'List the changes: when, who, what, from and to'
complete -c smb -n "__fish_smb_using_subcommand settings; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c smb -n "__fish_smb_using_subcommand complete" -l db -d 'The database: a file, or a postgres:// URL [default: smb.db in the platform data directory]' -r -F
complete -c smb -n "__fish_smb_using_subcommand complete" -l as -d 'Who is acting (advocate, AE or manager) [default: the OS user name]' -r
complete -c smb -n "__fish_smb_using_subcommand complete" -l now -d 'The current time, RFC 3339 or YYYY-MM-DD (00:00 UTC), for scripts and tests' -r
complete -c smb -n "__fish_smb_using_subcommand complete" -l format -d 'Output format: a table for people; JSON, JSON lines or CSV (one column per JSON key) for scripts' -r -f -a "table\t''
json\t''
jsonl\t''
csv\t''"
complete -c smb -n "__fish_smb_using_subcommand complete" -l color -d 'Colour: auto (a terminal, unless NO_COLOR is set or TERM=dumb; CLICOLOR_FORCE forces it), always or never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c smb -n "__fish_smb_using_subcommand complete" -l limit -d 'Show at most N rows of a list' -r
complete -c smb -n "__fish_smb_using_subcommand complete" -s q -l quiet -d 'Print nothing but errors (for cron)'
complete -c smb -n "__fish_smb_using_subcommand complete" -s h -l help -d 'Print help'
complete -c smb -n "__fish_smb_using_subcommand complete" -s V -l version -d 'Print version'
complete -c smb -n "__fish_smb_using_subcommand help; and not __fish_seen_subcommand_from init import export tier trigger queue pick case close opp today escalate report forecast advocate db demo completions whoami man template calendar settings complete help" -f -a "init" -d 'Create the database for a model (digital or pooled)'
complete -c smb -n "__fish_smb_using_subcommand help; and not __fish_seen_subcommand_from init import export tier trigger queue pick case close opp today escalate report forecast advocate db demo completions whoami man template calendar settings complete help" -f -a "import" -d 'Import a CSV export. One bad row and nothing is written, unless --skip-invalid'
complete -c smb -n "__fish_smb_using_subcommand help; and not __fish_seen_subcommand_from init import export tier trigger queue pick case close opp today escalate report forecast advocate db demo completions whoami man template calendar settings complete help" -f -a "export" -d 'Write what smb changed for the CRM, as CSV in the import\'s own format'
complete -c smb -n "__fish_smb_using_subcommand help; and not __fish_seen_subcommand_from init import export tier trigger queue pick case close opp today escalate report forecast advocate db demo completions whoami man template calendar settings complete help" -f -a "tier" -d 'Show accounts\' segment and tier, with the reason in words'
complete -c smb -n "__fish_smb_using_subcommand help; and not __fish_seen_subcommand_from init import export tier trigger queue pick case close opp today escalate report forecast advocate db demo completions whoami man template calendar settings complete help" -f -a "trigger" -d 'Turn accounts, opportunities and inbound events into cases'
complete -c smb -n "__fish_smb_using_subcommand help; and not __fish_seen_subcommand_from init import export tier trigger queue pick case close opp today escalate report forecast advocate db demo completions whoami man template calendar settings complete help" -f -a "queue" -d 'Show the head of a queue, or the whole queue, in the model\'s order'
complete -c smb -n "__fish_smb_using_subcommand help; and not __fish_seen_subcommand_from init import export tier trigger queue pick case close opp today escalate report forecast advocate db demo completions whoami man template calendar settings complete help" -f -a "pick" -d 'Take the head of your queue (or case ID) and start work on it'
complete -c smb -n "__fish_smb_using_subcommand help; and not __fish_seen_subcommand_from init import export tier trigger queue pick case close opp today escalate report forecast advocate db demo completions whoami man template calendar settings complete help" -f -a "case" -d 'Create, show and work one case'
complete -c smb -n "__fish_smb_using_subcommand help; and not __fish_seen_subcommand_from init import export tier trigger queue pick case close opp today escalate report forecast advocate db demo completions whoami man template calendar settings complete help" -f -a "close" -d 'Close a case with a status and a resolution action'
complete -c smb -n "__fish_smb_using_subcommand help; and not __fish_seen_subcommand_from init import export tier trigger queue pick case close opp today escalate report forecast advocate db demo completions whoami man template calendar settings complete help" -f -a "opp" -d 'Create, change, close, list and show opportunities worked from a case'
complete -c smb -n "__fish_smb_using_subcommand help; and not __fish_seen_subcommand_from init import export tier trigger queue pick case close opp today escalate report forecast advocate db demo completions whoami man template calendar settings complete help" -f -a "today" -d 'What needs doing today on your cases'
complete -c smb -n "__fish_smb_using_subcommand help; and not __fish_seen_subcommand_from init import export tier trigger queue pick case close opp today escalate report forecast advocate db demo completions whoami man template calendar settings complete help" -f -a "escalate" -d 'Escalate overdue cases to the managers of their region, once'
complete -c smb -n "__fish_smb_using_subcommand help; and not __fish_seen_subcommand_from init import export tier trigger queue pick case close opp today escalate report forecast advocate db demo completions whoami man template calendar settings complete help" -f -a "report" -d 'The managers\' reports: SLA, aging, capacity, volume, hygiene, cases created by people, escalations, pick discipline'
complete -c smb -n "__fish_smb_using_subcommand help; and not __fish_seen_subcommand_from init import export tier trigger queue pick case close opp today escalate report forecast advocate db demo completions whoami man template calendar settings complete help" -f -a "forecast" -d 'Forecast the queues: expected arrivals, depth and SLA breaches per day, with percentiles'
complete -c smb -n "__fish_smb_using_subcommand help; and not __fish_seen_subcommand_from init import export tier trigger queue pick case close opp today escalate report forecast advocate db demo completions whoami man template calendar settings complete help" -f -a "advocate" -d 'Add or list the people on the team (advocates, pooled AEs, managers), and who is away'
complete -c smb -n "__fish_smb_using_subcommand help; and not __fish_seen_subcommand_from init import export tier trigger queue pick case close opp today escalate report forecast advocate db demo completions whoami man template calendar settings complete help" -f -a "db" -d 'Work on the database as a whole'
complete -c smb -n "__fish_smb_using_subcommand help; and not __fish_seen_subcommand_from init import export tier trigger queue pick case close opp today escalate report forecast advocate db demo completions whoami man template calendar settings complete help" -f -a "demo" -d 'Build a demo database from the built-in sample export and walk through a day'
complete -c smb -n "__fish_smb_using_subcommand help; and not __fish_seen_subcommand_from init import export tier trigger queue pick case close opp today escalate report forecast advocate db demo completions whoami man template calendar settings complete help" -f -a "completions" -d 'Print the completion script for a shell'
complete -c smb -n "__fish_smb_using_subcommand help; and not __fish_seen_subcommand_from init import export tier trigger queue pick case close opp today escalate report forecast advocate db demo completions whoami man template calendar settings complete help" -f -a "whoami" -d 'Who is acting, with which profile, on which database, and where each came from'
complete -c smb -n "__fish_smb_using_subcommand help; and not __fish_seen_subcommand_from init import export tier trigger queue pick case close opp today escalate report forecast advocate db demo completions whoami man template calendar settings complete help" -f -a "man" -d 'Print the manual page (roff): `smb man | man -l -`'
complete -c smb -n "__fish_smb_using_subcommand help; and not __fish_seen_subcommand_from init import export tier trigger queue pick case close opp today escalate report forecast advocate db demo completions whoami man template calendar settings complete help" -f -a "template" -d 'The email templates: one per trigger, and the cadence layout they share'
complete -c smb -n "__fish_smb_using_subcommand help; and not __fish_seen_subcommand_from init import export tier trigger queue pick case close opp today escalate report forecast advocate db demo completions whoami man template calendar settings complete help" -f -a "calendar" -d 'Holidays per region: days the pooled SLA clocks of that region do not count'
complete -c smb -n "__fish_smb_using_subcommand help; and not __fish_seen_subcommand_from init import export tier trigger queue pick case close opp today escalate report forecast advocate db demo completions whoami man template calendar settings complete help" -f -a "settings" -d 'Settings: trigger windows, SLA targets, business hours, capacity, the Upgrade cap'
complete -c smb -n "__fish_smb_using_subcommand help; and not __fish_seen_subcommand_from init import export tier trigger queue pick case close opp today escalate report forecast advocate db demo completions whoami man template calendar settings complete help" -f -a "complete" -d 'Names for the completion scripts (people, queues), one a line'
complete -c smb -n "__fish_smb_using_subcommand help; and not __fish_seen_subcommand_from init import export tier trigger queue pick case close opp today escalate report forecast advocate db demo completions whoami man template calendar settings complete help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c smb -n "__fish_smb_using_subcommand help; and __fish_seen_subcommand_from export" -f -a "opportunities" -d 'The opportunities created or changed in smb that no import has carried since'
complete -c smb -n "__fish_smb_using_subcommand help; and __fish_seen_subcommand_from trigger" -f -a "list" -d 'The triggers of the database\'s model: key, category, priority and when each fires'
complete -c smb -n "__fish_smb_using_subcommand help; and __fish_seen_subcommand_from trigger" -f -a "run" -d 'Evaluate every trigger as of --now and create the cases; a second run creates nothing'
complete -c smb -n "__fish_smb_using_subcommand help; and __fish_seen_subcommand_from trigger" -f -a "explain" -d 'Every trigger of the catalog on one account: fires, or why not'
complete -c smb -n "__fish_smb_using_subcommand help; and __fish_seen_subcommand_from queue" -f -a "next" -d 'The case to pick next, why, and when its SLA runs out'
complete -c smb -n "__fish_smb_using_subcommand help; and __fish_seen_subcommand_from queue" -f -a "list" -d 'Every case waiting in the queue, in order'
complete -c smb -n "__fish_smb_using_subcommand help; and __fish_seen_subcommand_from case" -f -a "list" -d 'Your cases (My Cases): Open and In Progress, the most urgent first'
complete -c smb -n "__fish_smb_using_subcommand help; and __fish_seen_subcommand_from case" -f -a "show" -d 'Show a case\'s fields and its history'
complete -c smb -n "__fish_smb_using_subcommand help; and __fish_seen_subcommand_from case" -f -a "new" -d 'Create a case by hand; it is routed like any new case'
complete -c smb -n "__fish_smb_using_subcommand help; and __fish_seen_subcommand_from case" -f -a "update" -d 'Change a case: next steps (mandatory while In Progress), links, reason, feedback'
complete -c smb -n "__fish_smb_using_subcommand help; and __fish_seen_subcommand_from case" -f -a "log" -d 'Record a touch (email or call) on a case'
complete -c smb -n "__fish_smb_using_subcommand help; and __fish_seen_subcommand_from case" -f -a "defer" -d 'Put a case back in the queue, hidden until a date; any advocate may pick it then'
complete -c smb -n "__fish_smb_using_subcommand help; and __fish_seen_subcommand_from case" -f -a "assign" -d 'Reassign a case to another advocate (a manager\'s job, or a PTO cover)'
complete -c smb -n "__fish_smb_using_subcommand help; and __fish_seen_subcommand_from case" -f -a "email" -d 'Turn an email into a case (or attach a reply to its case)'
complete -c smb -n "__fish_smb_using_subcommand help; and __fish_seen_subcommand_from case" -f -a "draft" -d 'Print the email (or call notes) for a case\'s next touch, from its trigger\'s template'
complete -c smb -n "__fish_smb_using_subcommand help; and __fish_seen_subcommand_from opp" -f -a "new" -d 'Create an opportunity on a case\'s account, linked to the case and owned by you'
complete -c smb -n "__fish_smb_using_subcommand help; and __fish_seen_subcommand_from opp" -f -a "update" -d 'Change an opportunity\'s close date, renewal risk, stage, amount or GitLab admin'
complete -c smb -n "__fish_smb_using_subcommand help; and __fish_seen_subcommand_from opp" -f -a "close" -d 'Close an opportunity won or lost'
complete -c smb -n "__fish_smb_using_subcommand help; and __fish_seen_subcommand_from opp" -f -a "list" -d 'List opportunities'
complete -c smb -n "__fish_smb_using_subcommand help; and __fish_seen_subcommand_from opp" -f -a "show" -d 'Show one opportunity with its case, source and export mark'
complete -c smb -n "__fish_smb_using_subcommand help; and __fish_seen_subcommand_from report" -f -a "sla" -d 'Pick-up SLA per group: met, breached, waiting, median and p90 hours to pick-up'
complete -c smb -n "__fish_smb_using_subcommand help; and __fish_seen_subcommand_from report" -f -a "aging" -d 'Open and In Progress cases by age, and the cases past the 7-day target'
complete -c smb -n "__fish_smb_using_subcommand help; and __fish_seen_subcommand_from report" -f -a "capacity" -d 'In Progress cases per person against their cap'
complete -c smb -n "__fish_smb_using_subcommand help; and __fish_seen_subcommand_from report" -f -a "volume" -d 'Cases created per month against the expected volume'
complete -c smb -n "__fish_smb_using_subcommand help; and __fish_seen_subcommand_from report" -f -a "hygiene" -d 'The Required 10 gaps, one row per case and gap'
complete -c smb -n "__fish_smb_using_subcommand help; and __fish_seen_subcommand_from report" -f -a "created-by" -d 'The cases that people created, with owner, status and next steps'
complete -c smb -n "__fish_smb_using_subcommand help; and __fish_seen_subcommand_from report" -f -a "escalations" -d 'The escalations `smb escalate` made, with how long each case had waited'
complete -c smb -n "__fish_smb_using_subcommand help; and __fish_seen_subcommand_from report" -f -a "dashboard" -d 'One self-contained HTML page of the managers\' dashboards, charts beside their numbers'
complete -c smb -n "__fish_smb_using_subcommand help; and __fish_seen_subcommand_from report" -f -a "picks" -d 'Pick discipline per person: head picks against forced picks, transfers, waits'
complete -c smb -n "__fish_smb_using_subcommand help; and __fish_seen_subcommand_from advocate" -f -a "add" -d 'Add a person, or update their profile'
complete -c smb -n "__fish_smb_using_subcommand help; and __fish_seen_subcommand_from advocate" -f -a "list" -d 'List the team, with who is away and who covers'
complete -c smb -n "__fish_smb_using_subcommand help; and __fish_seen_subcommand_from advocate" -f -a "away" -d 'Record an absence: cases routed to them go to a cover meanwhile'
complete -c smb -n "__fish_smb_using_subcommand help; and __fish_seen_subcommand_from advocate" -f -a "back" -d 'End an absence and give back the cases its plan moved that are still open'
complete -c smb -n "__fish_smb_using_subcommand help; and __fish_seen_subcommand_from db" -f -a "copy" -d 'Copy every row of one smb database into an empty one (SQLite to PostgreSQL, or back)'
complete -c smb -n "__fish_smb_using_subcommand help; and __fish_seen_subcommand_from template" -f -a "list" -d 'Every template key, where it comes from (built in or the team\'s file), and whether it compiles; a file that does not is refused (exit 2) with its line'
complete -c smb -n "__fish_smb_using_subcommand help; and __fish_seen_subcommand_from template" -f -a "show" -d 'Print the template in effect for KEY (a trigger key, `manual` or `cadence`)'
complete -c smb -n "__fish_smb_using_subcommand help; and __fish_seen_subcommand_from template" -f -a "path" -d 'Print the folder of the team\'s own templates'
complete -c smb -n "__fish_smb_using_subcommand help; and __fish_seen_subcommand_from calendar" -f -a "add" -d 'Add a holiday (or rename one)'
complete -c smb -n "__fish_smb_using_subcommand help; and __fish_seen_subcommand_from calendar" -f -a "import" -d 'Add the holidays of an iCalendar (.ics) or CSV (date,name) file'
complete -c smb -n "__fish_smb_using_subcommand help; and __fish_seen_subcommand_from calendar" -f -a "remove" -d 'Remove a holiday'
complete -c smb -n "__fish_smb_using_subcommand help; and __fish_seen_subcommand_from calendar" -f -a "show" -d 'List the holidays'
complete -c smb -n "__fish_smb_using_subcommand help; and __fish_seen_subcommand_from settings" -f -a "list" -d 'List the settings of this database\'s model with their values and defaults'
complete -c smb -n "__fish_smb_using_subcommand help; and __fish_seen_subcommand_from settings" -f -a "get" -d 'Print one setting\'s value'
complete -c smb -n "__fish_smb_using_subcommand help; and __fish_seen_subcommand_from settings" -f -a "set" -d 'Change a setting (a manager, or the database owner)'
complete -c smb -n "__fish_smb_using_subcommand help; and __fish_seen_subcommand_from settings" -f -a "log" -d 'List the changes: when, who, what, from and to'
# People and queues come from the database: `smb complete people|queues`.
complete -c smb -l as -l to -l owner -l created-by -l cover -f -a '(smb complete people 2>/dev/null)'
complete -c smb -l queue -f -a '(smb complete queues 2>/dev/null)'
