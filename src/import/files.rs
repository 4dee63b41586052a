//! Where an import's input comes from and where its rejects go (SPEC §8, §9): a pipe or device
//! is spooled to a private temporary file before the database is locked, and the rejects file
//! may never be the database, its `-wal`/`-shm` files or the input.

use std::fs::File;
use std::io::{self, Read, Seek, Write};
use std::path::{Path, PathBuf};

use super::{CsvFile, Kind};
use crate::{Error, Result};

/// The input file (a regular file is read in place), or a pipe, device or standard input
/// spooled to a private temporary file: its name for messages, a reader, and its size.
pub fn open_input(file: &str, kind: Kind) -> Result<(String, File, Option<u64>)> {
    if file == "-" {
        let name = "<stdin>".to_string();
        let spooled = spool(&name, kind, io::stdin().lock())?;
        return Ok((name, spooled, None));
    }
    let f = File::open(file).map_err(|e| Error::invalid(format!("{file}: cannot open: {e}")))?;
    let meta = f
        .metadata()
        .map_err(|e| Error::invalid(format!("{file}: cannot open: {e}")))?;
    if meta.is_file() {
        return Ok((file.to_string(), f, Some(meta.len())));
    }
    let spooled = spool(file, kind, f)?;
    Ok((file.to_string(), spooled, None))
}

/// Copies `input` to an unnamed temporary file (owner-only, gone when closed) while reading it
/// as CSV, so the header and the input limits are checked before anything is locked.
fn spool(name: &str, kind: Kind, input: impl Read) -> Result<File> {
    let tmp_err = |e| Error::io(format!("cannot spool {name} to a temporary file"), e);
    let mut tmp = tempfile::tempfile().map_err(tmp_err)?;
    {
        let mut copy = io::BufWriter::with_capacity(1 << 16, &mut tmp);
        let tee = Tee {
            input: io::BufReader::with_capacity(1 << 16, input),
            copy: &mut copy,
        };
        let mut csv = CsvFile::open(name, kind, tee)?;
        while csv.advance()? {}
        copy.flush().map_err(tmp_err)?;
    }
    tmp.rewind().map_err(tmp_err)?;
    Ok(tmp)
}

/// Reads `input` and writes what it read to `copy`.
struct Tee<'a, R, W> {
    input: R,
    copy: &'a mut W,
}

impl<R: Read, W: Write> Read for Tee<'_, R, W> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.input.read(buf)?;
        self.copy.write_all(&buf[..n]).map_err(|e| {
            io::Error::new(
                e.kind(),
                format!(
                    "cannot spool it to a temporary file in {} (set TMPDIR to a roomier \
                     folder, or give a file instead of -): {e}",
                    std::env::temp_dir().display()
                ),
            )
        })?;
        Ok(n)
    }
}

/// Refuses (exit 2, before anything is read or written) a rejects file that is the database,
/// its `-wal` or `-shm` file, or the input, by any spelling of the path: symbolic links, `..`,
/// hard links (SPEC §8). `db` is the database file (none on PostgreSQL).
pub fn check_rejects_path(rejects: &Path, db: Option<&Path>, input: &str) -> Result<()> {
    let target = Resolved::of(rejects);
    let mut forbidden = Vec::new();
    for suffix in ["", "-wal", "-shm"] {
        let Some(db) = db else { break };
        for base in [db.to_path_buf(), resolve(db)] {
            let mut p = base.into_os_string();
            p.push(suffix);
            let what = if suffix.is_empty() {
                "the database".to_string()
            } else {
                format!("the database's {suffix} file")
            };
            forbidden.push((Resolved::of(Path::new(&p)), what));
        }
    }
    if input == "-" {
        // Standard input redirected from a file (`< accounts.csv`) is that file.
        #[cfg(unix)]
        forbidden.push((
            Resolved::of(Path::new("/dev/stdin")),
            "the input (standard input)".to_string(),
        ));
    } else {
        forbidden.push((Resolved::of(Path::new(input)), "the input file".to_string()));
    }
    if let Some((_, what)) = forbidden.iter().find(|(f, _)| target.same_as(f)) {
        return Err(Error::invalid(format!(
            "--rejects {}: that is {what}, which the rejects would overwrite: expected a new \
             file of its own (e.g. rejects.csv); nothing was imported",
            rejects.display()
        )));
    }
    Ok(())
}

/// `path` with symbolic links and `..` resolved; a file that does not exist yet is resolved
/// through its folder, and a link to a file that does not exist yet through its target.
fn resolve(path: &Path) -> PathBuf {
    resolve_within(path, 0)
}

fn resolve_within(path: &Path, depth: u32) -> PathBuf {
    if let Ok(p) = path.canonicalize() {
        return p;
    }
    if depth < 16
        && let Ok(target) = std::fs::read_link(path)
    {
        let target = match path.parent() {
            Some(dir) if target.is_relative() => dir.join(target),
            _ => target,
        };
        return resolve_within(&target, depth + 1);
    }
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    match (dir.canonicalize(), path.file_name()) {
        (Ok(d), Some(name)) => d.join(name),
        _ => path.to_path_buf(),
    }
}

/// A path resolved, and the device and inode of the file when it exists.
struct Resolved {
    path: PathBuf,
    id: Option<(u64, u64)>,
}

impl Resolved {
    fn of(path: &Path) -> Resolved {
        #[cfg(unix)]
        let id = {
            use std::os::unix::fs::MetadataExt;
            std::fs::metadata(path).ok().map(|m| (m.dev(), m.ino()))
        };
        #[cfg(not(unix))]
        let id = None;
        Resolved {
            path: resolve(path),
            id,
        }
    }

    fn same_as(&self, other: &Resolved) -> bool {
        match (self.id, other.id) {
            (Some(a), Some(b)) => a == b,
            _ => self.path == other.path,
        }
    }
}

/// Writes the rejects file, created readable by its owner only (it holds customer data).
pub fn write_rejects(path: &Path, header: &[String], rows: &[Vec<String>]) -> Result<()> {
    let io_err =
        |e: csv::Error| Error::invalid(format!("{}: cannot write rejects: {e}", path.display()));
    let mut opts = std::fs::OpenOptions::new();
    opts.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.mode(0o600);
    }
    let file = opts
        .open(path)
        .map_err(|e| Error::invalid(format!("{}: cannot write rejects: {e}", path.display())))?;
    let mut w = csv::WriterBuilder::new().flexible(true).from_writer(file);
    let mut h = header.to_vec();
    h.push("error".to_string());
    w.write_record(&h).map_err(io_err)?;
    for r in rows {
        w.write_record(r).map_err(io_err)?;
    }
    w.flush()
        .map_err(|e| Error::io(format!("cannot write {}", path.display()), e))
}
