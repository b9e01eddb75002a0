//! File-system helpers shared by every writer.
//!
//! Every output file goes through [`write_atomic`]: the bytes are written to a
//! temporary file in the destination's own directory, flushed to disk, then
//! renamed over the destination. A reader never sees a half-written file, and
//! a failed write leaves the old file (if any) in place.
//!
//! A new file gets the mode a plain `File::create` would give it (read and
//! write for all, less the umask), not the owner-only mode of a temporary
//! file; a replaced file keeps the mode it had.
//!
//! A run that writes many files writes them into a [`Staging`] folder inside
//! the output folder and moves them into place only when all were written:
//! a run that fails half-way leaves the previous results as they were. The
//! output folder then holds one run: the files of the run before that this
//! run did not write again (listed in the folder's [`MANIFEST`]) are
//! removed, and files the tool never wrote are left alone.

use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// Writes `bytes` to `path` atomically (temporary file in the same directory,
/// `fsync`, then rename). The parent directory must exist.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> io::Result<()> {
    write_atomic_with(path, |w| w.write_all(bytes))
}

/// [`write_atomic`] for content written piece by piece by `write` (through
/// a buffer), so a large file never has to be held in memory whole.
pub fn write_atomic_with(
    path: &Path,
    write: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> io::Result<()> {
    if is_special(path) {
        let mut w = io::BufWriter::with_capacity(1 << 16, open_special(path)?);
        write(&mut w)?;
        return w.flush();
    }
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let file_name = path.file_name().ok_or_else(|| {
        io::Error::new(
            io::ErrorKind::InvalidInput,
            format!("not a file path: {}", path.display()),
        )
    })?;
    let mut prefix = std::ffi::OsString::from(".");
    prefix.push(file_name);
    prefix.push(".");
    let mut builder = tempfile::Builder::new();
    builder.prefix(&prefix).suffix(".tmp");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    let mut tmp = builder.tempfile_in(dir)?;
    keep_mode_of(path, tmp.path())?;
    {
        let mut w = io::BufWriter::with_capacity(1 << 16, tmp.as_file_mut());
        write(&mut w)?;
        w.flush()?;
    }
    tmp.as_file().sync_all()?;
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

/// True when `path` is neither a plain file nor a folder: a device such as
/// `/dev/null` or `/dev/stdout`, a FIFO, a socket, or a link to one. Such a
/// destination is written in place: renaming a temporary file over it would
/// replace the device (run as root, `-o /dev/null` would leave a regular
/// file where the null device was, and every later reader of /dev/null
/// would read what was written there).
pub fn is_special(path: &Path) -> bool {
    std::fs::metadata(path).is_ok_and(|m| !m.is_file() && !m.is_dir())
}

/// Opens a destination [`is_special`] says is not a plain file, for writing
/// in place (no truncation, which a device or FIFO does not have).
pub fn open_special(path: &Path) -> io::Result<std::fs::File> {
    std::fs::OpenOptions::new().write(true).open(path)
}

/// Gives `new` the permissions of `old` when `old` is a file already (the
/// file `new` is about to replace).
fn keep_mode_of(old: &Path, new: &Path) -> io::Result<()> {
    match std::fs::metadata(old) {
        Ok(m) if m.is_file() => std::fs::set_permissions(new, m.permissions()),
        _ => Ok(()),
    }
}

/// The file in an output folder that lists, one relative path a line, the
/// files the last run wrote there.
pub const MANIFEST: &str = ".stancegraph-files";

/// A hidden folder inside an output folder that a run writes into; its
/// files are moved into place by [`Staging::commit`], and it is removed
/// (leaving the output folder as it was) when dropped without a commit or
/// [abandoned](Staging::abandon).
#[derive(Debug)]
pub struct Staging {
    out: PathBuf,
    dir: Option<tempfile::TempDir>,
    /// The output folder did not exist before this run.
    created: bool,
}

impl Staging {
    /// Creates `out` (if needed) and a staging folder inside it.
    pub fn new(out: &Path) -> io::Result<Staging> {
        let created = !out.exists();
        std::fs::create_dir_all(out)?;
        let dir = tempfile::Builder::new()
            .prefix(".stancegraph-staging-")
            .tempdir_in(out)?;
        Ok(Staging {
            out: out.to_path_buf(),
            dir: Some(dir),
            created,
        })
    }

    /// Drops what was staged and leaves the output folder as it was before
    /// the run (a folder this run created, still empty, is removed).
    pub fn abandon(mut self) -> io::Result<()> {
        if let Some(dir) = self.dir.take() {
            dir.close()?;
        }
        if self.created && std::fs::read_dir(&self.out)?.next().is_none() {
            std::fs::remove_dir(&self.out)?;
        }
        Ok(())
    }

    /// Where to write; the layout below it mirrors the output folder.
    pub fn path(&self) -> &Path {
        self.dir.as_ref().map_or(self.out.as_path(), |d| d.path())
    }

    /// Moves every staged file to its place in the output folder (each move
    /// an atomic rename) and returns the final paths, sorted.
    pub fn commit(mut self) -> io::Result<Vec<PathBuf>> {
        let Some(dir) = self.dir.take() else {
            return Ok(Vec::new());
        };
        let mut files = Vec::new();
        let mut stack = vec![dir.path().to_path_buf()];
        while let Some(d) = stack.pop() {
            for e in std::fs::read_dir(&d)? {
                let e = e?;
                if e.file_type()?.is_dir() {
                    stack.push(e.path());
                } else {
                    files.push(e.path());
                }
            }
        }
        files.sort();
        let mut placed = Vec::with_capacity(files.len());
        for f in files {
            let rel = f.strip_prefix(dir.path()).map_err(io::Error::other)?;
            let dest = self.out.join(rel);
            if let Some(parent) = dest.parent() {
                std::fs::create_dir_all(parent)?;
            }
            keep_mode_of(&dest, &f)?;
            std::fs::rename(&f, &dest)?;
            placed.push(dest);
        }
        dir.close()?;
        self.retire_earlier_run(&placed)?;
        Ok(placed)
    }

    /// Removes the files the previous run listed in the manifest that this
    /// run did not write (and folders they leave empty), then lists this
    /// run's files. A listed path that leaves the output folder is ignored.
    fn retire_earlier_run(&self, placed: &[PathBuf]) -> io::Result<()> {
        let rel = |p: &PathBuf| {
            p.strip_prefix(&self.out)
                .map(|r| r.to_string_lossy().replace('\\', "/"))
                .ok()
        };
        let now: std::collections::BTreeSet<String> = placed.iter().filter_map(rel).collect();
        let manifest = self.out.join(MANIFEST);
        let before = match std::fs::read_to_string(&manifest) {
            Ok(t) => t,
            Err(e) if e.kind() == io::ErrorKind::NotFound => String::new(),
            Err(e) => return Err(e),
        };
        for line in before.lines() {
            let path = Path::new(line);
            let inside = !line.is_empty()
                && path
                    .components()
                    .all(|c| matches!(c, std::path::Component::Normal(_)));
            if !inside || now.contains(line) {
                continue;
            }
            let old = self.out.join(path);
            match std::fs::remove_file(&old) {
                Ok(()) => {}
                Err(e) if e.kind() == io::ErrorKind::NotFound => {}
                Err(e) => return Err(e),
            }
            // Folders the removal left empty, up to the output folder.
            let mut dir = old.parent();
            while let Some(d) = dir.filter(|d| *d != self.out.as_path()) {
                if std::fs::remove_dir(d).is_err() {
                    break;
                }
                dir = d.parent();
            }
        }
        let mut list = String::new();
        for p in &now {
            list.push_str(p);
            list.push('\n');
        }
        write_atomic(&manifest, list.as_bytes())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_and_replaces() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("out.txt");
        write_atomic(&p, b"one").unwrap();
        assert_eq!(std::fs::read(&p).unwrap(), b"one");
        write_atomic(&p, b"two").unwrap();
        assert_eq!(std::fs::read(&p).unwrap(), b"two");
        // No temporary files are left behind.
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, vec![std::ffi::OsString::from("out.txt")]);
    }

    /// The mode `File::create` gives a new file in `dir` under the
    /// process's umask, whatever that is.
    #[cfg(unix)]
    fn plain_mode(dir: &Path) -> u32 {
        use std::os::unix::fs::PermissionsExt;
        let probe = dir.join("probe");
        std::fs::File::create(&probe).unwrap();
        let mode = std::fs::metadata(&probe).unwrap().permissions().mode() & 0o777;
        std::fs::remove_file(probe).unwrap();
        mode
    }

    #[cfg(unix)]
    fn mode(p: &Path) -> u32 {
        use std::os::unix::fs::PermissionsExt;
        std::fs::metadata(p).unwrap().permissions().mode() & 0o777
    }

    #[cfg(unix)]
    #[test]
    fn new_files_get_the_plain_mode_and_replaced_files_keep_theirs() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let plain = plain_mode(dir.path());
        let p = dir.path().join("graph.dot");
        write_atomic(&p, b"one").unwrap();
        assert_eq!(mode(&p), plain, "not the temporary file's owner-only mode");
        std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o640)).unwrap();
        write_atomic(&p, b"two").unwrap();
        assert_eq!(mode(&p), 0o640);
        // The same through a staging folder and its commit.
        let stage = Staging::new(dir.path()).unwrap();
        write_atomic(&stage.path().join("graph.dot"), b"three").unwrap();
        write_atomic(&stage.path().join("graph.json"), b"{}").unwrap();
        stage.commit().unwrap();
        assert_eq!(std::fs::read(&p).unwrap(), b"three");
        assert_eq!(mode(&p), 0o640);
        assert_eq!(mode(&dir.path().join("graph.json")), plain);
    }

    #[test]
    fn missing_directory_is_an_error() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("nope").join("out.txt");
        assert!(write_atomic(&p, b"x").is_err());
    }

    #[test]
    fn staging_commits_or_leaves_the_old_results() {
        let out = tempfile::tempdir().unwrap();
        write_atomic(&out.path().join("graph.json"), b"old").unwrap();
        {
            let stage = Staging::new(out.path()).unwrap();
            write_atomic(&stage.path().join("graph.json"), b"new").unwrap();
            // Dropped without commit: a failed run.
        }
        assert_eq!(
            std::fs::read(out.path().join("graph.json")).unwrap(),
            b"old"
        );
        let names = std::fs::read_dir(out.path()).unwrap().count();
        assert_eq!(names, 1, "no staging folder left behind");
        let stage = Staging::new(out.path()).unwrap();
        std::fs::create_dir_all(stage.path().join("outlets")).unwrap();
        write_atomic(&stage.path().join("graph.json"), b"new").unwrap();
        write_atomic(&stage.path().join("outlets/a.json"), b"a").unwrap();
        let placed = stage.commit().unwrap();
        assert_eq!(
            placed,
            [
                out.path().join("graph.json"),
                out.path().join("outlets/a.json")
            ]
        );
        assert_eq!(
            std::fs::read(out.path().join("graph.json")).unwrap(),
            b"new"
        );
        // graph.json, outlets/ and the manifest.
        assert_eq!(std::fs::read_dir(out.path()).unwrap().count(), 3);
    }

    #[test]
    fn a_commit_retires_the_files_of_the_run_before_and_only_those() {
        let parent = tempfile::tempdir().unwrap();
        let out = parent.path().join("out");
        std::fs::create_dir_all(&out).unwrap();
        std::fs::write(out.join("notes.txt"), b"mine").unwrap();
        let outside = parent.path().join("outside.txt");
        std::fs::write(&outside, b"not ours").unwrap();
        let stage = Staging::new(&out).unwrap();
        std::fs::create_dir_all(stage.path().join("articles/deep")).unwrap();
        write_atomic(&stage.path().join("graph.json"), b"1").unwrap();
        write_atomic(&stage.path().join("articles/deep/a.json"), b"a").unwrap();
        stage.commit().unwrap();
        assert_eq!(
            std::fs::read_to_string(out.join(MANIFEST)).unwrap(),
            "articles/deep/a.json\ngraph.json\n"
        );
        // A hand-edited manifest line that leaves the folder is ignored.
        let m = out.join(MANIFEST);
        let mut list = std::fs::read_to_string(&m).unwrap();
        list.push_str("../outside.txt\n");
        std::fs::write(&m, list).unwrap();
        let stage = Staging::new(&out).unwrap();
        write_atomic(&stage.path().join("graph.json"), b"2").unwrap();
        let placed = stage.commit().unwrap();
        assert_eq!(placed, [out.join("graph.json")]);
        assert!(
            !out.join("articles").exists(),
            "the earlier run's folder went"
        );
        assert_eq!(std::fs::read(out.join("notes.txt")).unwrap(), b"mine");
        assert_eq!(std::fs::read(&outside).unwrap(), b"not ours");
        assert_eq!(std::fs::read_to_string(&m).unwrap(), "graph.json\n");
    }

    #[test]
    fn an_abandoned_run_leaves_no_trace() {
        let parent = tempfile::tempdir().unwrap();
        let out = parent.path().join("new-out");
        let stage = Staging::new(&out).unwrap();
        write_atomic(&stage.path().join("graph.json"), b"x").unwrap();
        stage.abandon().unwrap();
        assert!(!out.exists(), "a folder the run created is removed");
        let kept = tempfile::tempdir().unwrap();
        write_atomic(&kept.path().join("graph.json"), b"old").unwrap();
        let stage = Staging::new(kept.path()).unwrap();
        write_atomic(&stage.path().join("graph.json"), b"new").unwrap();
        stage.abandon().unwrap();
        assert_eq!(
            std::fs::read(kept.path().join("graph.json")).unwrap(),
            b"old"
        );
        assert_eq!(std::fs::read_dir(kept.path()).unwrap().count(), 1);
    }
}
