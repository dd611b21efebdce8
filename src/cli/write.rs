//! Reading a file so that it can be rewritten safely, and rewriting it.
//!
//! [`read`] opens the file's folder and the file, refuses anything that is not a regular
//! file or is over the size limit, and keeps a [`Snapshot`]: the folder (an open handle
//! on Unix), the name, the file's identity, size and times, and a hash of the bytes read.
//! [`replace`] writes the fixed text to a temporary file in that same folder, syncs it,
//! gives it the original's owner, group and permission bits, looks at the original once
//! more, and renames the temporary file over it only if it is still what was read. On
//! Unix every step goes through the folder's handle, so a folder renamed meanwhile gets
//! the new file (and never keeps the temporary one). A temporary file that is not renamed
//! is removed.
//!
//! What is refused, and why (README, "Fixes"): a file that changed since it was read (the
//! change would be lost); a read-only file (no write permission bit; as a formatter that
//! writes in place would fail on it, and as the owner asked); a file the user may not
//! write (a rename would replace it anyway, and change its owner); a file with more than
//! one hard link (a rename would split the links apart, writing in place would change
//! every linked copy and lose atomicity). A symbolic link is written through: its target
//! is replaced and the link stays.

use std::ffi::{OsStr, OsString};
use std::fmt;
use std::hash::Hasher;
use std::io::{self, Read};
use std::path::{Path, PathBuf};

pub use mtlint::workspace::{ReadError, read_bounded, read_regular as read_only};

/// What was read of a file, to tell at write time whether it changed since.
pub struct Snapshot {
    dir: Dir,
    name: OsString,
    stamp: Stamp,
    hash: u64,
}

/// Why a file was not written.
#[derive(Debug)]
pub enum WriteError {
    /// It changed since it was read.
    Changed,
    /// No write permission bit (or the read-only attribute).
    ReadOnly,
    /// This user may not write it.
    NotWritable,
    HardLinks(u64),
    NotRegular(&'static str),
    Io(io::Error),
}

impl From<io::Error> for WriteError {
    fn from(e: io::Error) -> WriteError {
        WriteError::Io(e)
    }
}

impl fmt::Display for WriteError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WriteError::Changed => write!(
                f,
                "the file changed while it was checked; left as it is (run again)"
            ),
            WriteError::ReadOnly => write!(
                f,
                "the file is read-only; left as it is (make it writable to fix it)"
            ),
            WriteError::NotWritable => {
                write!(f, "this user may not write the file; left as it is")
            }
            WriteError::HardLinks(n) => write!(
                f,
                "the file has {n} hard links; left as it is (replacing it would split the \
                 links, writing in place would change every linked copy: apply --diff by \
                 hand, or copy the file to break the link)"
            ),
            WriteError::NotRegular(kind) => {
                write!(f, "is a {kind}, not a regular file; not replaced")
            }
            WriteError::Io(e) => write!(f, "{e}"),
        }
    }
}

/// Reads a file (through symbolic links), refusing a non-regular file and one over
/// `max` bytes, and keeps what a later [`replace`] checks.
pub fn read(path: &Path, max: u64) -> Result<(Vec<u8>, Snapshot), ReadError> {
    let target = resolve_symlink(path)?;
    let (dir_path, name) = split(&target)?;
    let dir = Dir::open(dir_path)?;
    let before = dir.stat(&name)?;
    if let Some(kind) = before.not_regular() {
        return Err(ReadError::NotRegular(kind));
    }
    if before.len > max {
        return Err(ReadError::TooLarge {
            len: Some(before.len),
            max,
        });
    }
    let (file, stamp) = dir.open_read(&name)?;
    if let Some(kind) = stamp.not_regular() {
        return Err(ReadError::NotRegular(kind));
    }
    let bytes = read_bounded(file, max, stamp.len)?;
    let hash = hash(&bytes);
    Ok((
        bytes,
        Snapshot {
            dir,
            name,
            stamp,
            hash,
        },
    ))
}

/// Whether the file `name` in `dir` is as read: its size and times, looked up by name
/// and again on the file opened, then its bytes. One definition for every platform:
/// `Dir` and `Stamp` say what a platform can look at.
fn unchanged(dir: &Dir, name: &OsStr, stamp: &Stamp, hash: u64) -> io::Result<bool> {
    match dir.stat(name) {
        Ok(now) if now.same_as(stamp) => {}
        Ok(_) => return Ok(false),
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(false),
        Err(e) => return Err(e),
    }
    let (file, now) = dir.open_read(name)?;
    if !now.same_as(stamp) {
        return Ok(false);
    }
    same_bytes(file, stamp.len, hash)
}

/// Replaces the file a snapshot was taken of with `bytes`, if it is unchanged since.
pub fn replace(snapshot: &Snapshot, bytes: &[u8]) -> Result<(), WriteError> {
    let Snapshot {
        dir,
        name,
        stamp,
        hash,
    } = snapshot;
    let now = match dir.stat(name) {
        Ok(now) => now,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Err(WriteError::Changed),
        Err(e) => return Err(e.into()),
    };
    if !now.same_as(stamp) {
        return Err(WriteError::Changed);
    }
    dir.may_replace(name, &now)?;
    let temp = dir.temp(bytes, Some(&now))?;
    // The last look before the rename: the size and times, then the bytes themselves.
    if !unchanged(dir, name, stamp, *hash)? {
        return Err(WriteError::Changed);
    }
    temp.rename_over(name)?;
    Ok(())
}

/// Writes a file that may not exist yet (a baseline), atomically; an existing one must
/// be a regular file that [`replace`] would write.
pub fn create_or_replace(path: &Path, bytes: &[u8]) -> Result<(), WriteError> {
    let target = resolve_symlink(path)?;
    let (dir_path, name) = split(&target)?;
    let dir = Dir::open(dir_path)?;
    let existing = match dir.stat(&name) {
        Ok(stamp) => Some(stamp),
        Err(e) if e.kind() == io::ErrorKind::NotFound => None,
        Err(e) => return Err(e.into()),
    };
    if let Some(stamp) = &existing {
        if let Some(kind) = stamp.not_regular() {
            return Err(WriteError::NotRegular(kind));
        }
        dir.may_replace(&name, stamp)?;
    }
    dir.temp(bytes, existing.as_ref())?.rename_over(&name)?;
    Ok(())
}

/// Bytes are hashed a block at a time, so that a file read again in blocks (without
/// holding it in memory a second time) gives the same sequence of writes.
const HASH_BLOCK: usize = 64 << 10;

fn hash(bytes: &[u8]) -> u64 {
    let mut hasher = std::hash::DefaultHasher::new();
    for block in bytes.chunks(HASH_BLOCK) {
        hasher.write(block);
    }
    hasher.finish()
}

/// Whether `reader` holds exactly `len` bytes that hash to `expected`, read a block at a
/// time.
fn same_bytes(reader: impl Read, len: u64, expected: u64) -> io::Result<bool> {
    let mut reader = reader.take(len.saturating_add(1));
    let mut hasher = std::hash::DefaultHasher::new();
    let mut block = vec![0; HASH_BLOCK];
    let mut total = 0u64;
    loop {
        // Fill the block, as `chunks` cuts the bytes read the first time.
        let mut filled = 0;
        while filled < HASH_BLOCK {
            match reader.read(&mut block[filled..]) {
                Ok(0) => break,
                Ok(n) => filled += n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
        if filled == 0 {
            break;
        }
        total += filled as u64;
        hasher.write(&block[..filled]);
        if filled < HASH_BLOCK {
            break;
        }
    }
    Ok(total == len && hasher.finish() == expected)
}

/// The folder and file name of a path.
fn split(path: &Path) -> io::Result<(&Path, OsString)> {
    let name = path
        .file_name()
        .ok_or_else(|| io::Error::other("not a file name"))?;
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    Ok((dir, name.to_os_string()))
}

/// The file a path finally names, following symlinks (relative ones from their folder);
/// a link to nothing gives the path it points to.
fn resolve_symlink(path: &Path) -> io::Result<PathBuf> {
    let mut current = path.to_path_buf();
    for _ in 0..40 {
        match std::fs::symlink_metadata(&current) {
            Ok(meta) if meta.file_type().is_symlink() => {
                let link = std::fs::read_link(&current)?;
                current = match current.parent() {
                    Some(parent) if link.is_relative() => parent.join(link),
                    _ => link,
                };
            }
            Err(e) if e.kind() != io::ErrorKind::NotFound => return Err(e),
            _ => return Ok(current),
        }
    }
    Err(io::Error::other("too many levels of symbolic links"))
}

/// A temporary file beside the target, written and synced; removed unless renamed.
struct Temp<'a> {
    dir: &'a Dir,
    name: OsString,
    renamed: bool,
}

impl Temp<'_> {
    fn rename_over(mut self, target: &OsStr) -> io::Result<()> {
        self.dir.rename(&self.name, target)?;
        self.renamed = true;
        Ok(())
    }
}

impl Drop for Temp<'_> {
    fn drop(&mut self) {
        if !self.renamed {
            let _ = self.dir.remove(&self.name);
        }
    }
}

/// A name for a temporary file: `.mtlint-PID-N.tmp`, N counting up.
fn temp_name(attempt: u32) -> OsString {
    use std::sync::atomic::{AtomicU64, Ordering};
    static COUNT: AtomicU64 = AtomicU64::new(0);
    let n = COUNT.fetch_add(1, Ordering::Relaxed);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.subsec_nanos());
    format!(".mtlint-{}-{n}-{nanos:x}{attempt}.tmp", std::process::id()).into()
}

#[cfg(unix)]
mod imp {
    //! Everything relative to an open handle on the folder.

    use std::ffi::OsStr;
    use std::fs::File;
    use std::io::{self, Write};
    use std::os::fd::OwnedFd;
    use std::os::unix::fs::PermissionsExt;
    use std::path::Path;

    use rustix::fs::{Access, AtFlags, CWD, FileType, Mode, OFlags, Stat};
    use rustix::io::Errno;

    use super::{Temp, WriteError, temp_name};

    pub struct Dir(OwnedFd);

    /// What is compared to tell whether a file changed.
    #[derive(Clone, Copy, PartialEq, Eq, Debug)]
    pub struct Stamp {
        dev: u64,
        ino: u64,
        pub len: u64,
        mtime: (i64, i64),
        ctime: (i64, i64),
        mode: u32,
        uid: u32,
        gid: u32,
        nlink: u64,
    }

    impl Stamp {
        // The field types differ between platforms; some casts are no-ops on some.
        #[allow(clippy::unnecessary_cast, clippy::useless_conversion)]
        fn of(st: &Stat) -> Stamp {
            Stamp {
                dev: st.st_dev as u64,
                ino: st.st_ino as u64,
                len: st.st_size as u64,
                mtime: (st.st_mtime as i64, st.st_mtime_nsec as i64),
                ctime: (st.st_ctime as i64, st.st_ctime_nsec as i64),
                mode: st.st_mode as u32,
                uid: st.st_uid as u32,
                gid: st.st_gid as u32,
                nlink: st.st_nlink as u64,
            }
        }

        /// What the file is, when it is not a regular file.
        pub fn not_regular(&self) -> Option<&'static str> {
            match FileType::from_raw_mode(self.mode as _) {
                FileType::RegularFile => None,
                FileType::Directory => Some("directory"),
                FileType::Symlink => Some("symbolic link"),
                FileType::Fifo => Some("named pipe (FIFO)"),
                FileType::Socket => Some("socket"),
                FileType::CharacterDevice => Some("character device"),
                FileType::BlockDevice => Some("block device"),
                FileType::Unknown => Some("special file"),
            }
        }

        /// The same file, with the same size and times.
        pub fn same_as(&self, other: &Stamp) -> bool {
            (self.dev, self.ino, self.len, self.mtime, self.ctime)
                == (other.dev, other.ino, other.len, other.mtime, other.ctime)
        }
    }

    const FILE_READ: OFlags = OFlags::RDONLY
        .union(OFlags::NOFOLLOW)
        .union(OFlags::NONBLOCK)
        .union(OFlags::NOCTTY)
        .union(OFlags::CLOEXEC);

    impl Dir {
        pub fn open(path: &Path) -> io::Result<Dir> {
            // O_PATH needs no read permission on the folder, as opening a file in it.
            #[cfg(any(target_os = "linux", target_os = "android"))]
            let access = OFlags::PATH;
            #[cfg(not(any(target_os = "linux", target_os = "android")))]
            let access = OFlags::RDONLY;
            let flags = access | OFlags::DIRECTORY | OFlags::CLOEXEC;
            Ok(Dir(rustix::fs::openat(CWD, path, flags, Mode::empty())?))
        }

        /// The entry itself, not what a link there points to.
        pub fn stat(&self, name: &OsStr) -> io::Result<Stamp> {
            let st = rustix::fs::statat(&self.0, name, AtFlags::SYMLINK_NOFOLLOW)?;
            Ok(Stamp::of(&st))
        }

        pub fn open_read(&self, name: &OsStr) -> io::Result<(File, Stamp)> {
            let fd = rustix::fs::openat(&self.0, name, FILE_READ, Mode::empty())?;
            let stamp = Stamp::of(&rustix::fs::fstat(&fd)?);
            Ok((File::from(fd), stamp))
        }

        /// Refuses a file the rewrite must leave alone.
        pub fn may_replace(&self, name: &OsStr, stamp: &Stamp) -> Result<(), WriteError> {
            if stamp.mode & 0o222 == 0 {
                return Err(WriteError::ReadOnly);
            }
            match rustix::fs::accessat(&self.0, name, Access::WRITE_OK, AtFlags::empty()) {
                Ok(()) => {}
                Err(Errno::ACCESS | Errno::PERM) => return Err(WriteError::NotWritable),
                Err(e) => return Err(io::Error::from(e).into()),
            }
            if stamp.nlink > 1 {
                return Err(WriteError::HardLinks(stamp.nlink));
            }
            Ok(())
        }

        /// A synced temporary file holding `bytes`, with the owner, group and permission
        /// bits of `like` (where the process may set them), or the default mode.
        pub fn temp(&self, bytes: &[u8], like: Option<&Stamp>) -> io::Result<Temp<'_>> {
            let flags =
                OFlags::WRONLY | OFlags::CREATE | OFlags::EXCL | OFlags::NOFOLLOW | OFlags::CLOEXEC;
            // A new file gets 0666 less the umask, as any tool creates one.
            let mode = Mode::from_raw_mode(if like.is_some() { 0o600 } else { 0o666 });
            let mut attempt = 0;
            let (fd, name) = loop {
                let name = temp_name(attempt);
                match rustix::fs::openat(&self.0, &name, flags, mode) {
                    Ok(fd) => break (fd, name),
                    Err(Errno::EXIST) if attempt < 100 => attempt += 1,
                    Err(e) => return Err(e.into()),
                }
            };
            let temp = Temp {
                dir: self,
                name,
                renamed: false,
            };
            let mut file = File::from(fd);
            file.write_all(bytes)?;
            if let Some(like) = like {
                // Root can keep both; a user can keep a group it belongs to; otherwise
                // the file is the user's, as any rewrite by that user leaves it.
                if std::os::unix::fs::fchown(&file, Some(like.uid), Some(like.gid)).is_err() {
                    let _ = std::os::unix::fs::fchown(&file, None, Some(like.gid));
                }
                // After the owner: a change of owner may clear some bits.
                file.set_permissions(std::fs::Permissions::from_mode(like.mode & 0o777))?;
            }
            file.sync_all()?;
            Ok(temp)
        }

        pub fn rename(&self, from: &OsStr, to: &OsStr) -> io::Result<()> {
            Ok(rustix::fs::renameat(&self.0, from, &self.0, to)?)
        }

        pub fn remove(&self, name: &OsStr) -> io::Result<()> {
            Ok(rustix::fs::unlinkat(&self.0, name, AtFlags::empty())?)
        }
    }
}

#[cfg(not(unix))]
mod imp {
    //! By path: the folder is named again at each step.

    use std::ffi::OsStr;
    use std::fs::File;
    use std::io::{self, Write};
    use std::path::{Path, PathBuf};
    use std::time::SystemTime;

    use super::{Temp, WriteError, temp_name};

    pub struct Dir(PathBuf);

    #[derive(Clone, PartialEq, Eq, Debug)]
    pub struct Stamp {
        pub len: u64,
        modified: Option<SystemTime>,
        file_type: &'static str,
        permissions: std::fs::Permissions,
    }

    impl Stamp {
        fn of(meta: &std::fs::Metadata) -> Stamp {
            Stamp {
                len: meta.len(),
                modified: meta.modified().ok(),
                file_type: Stamp::kind_of(&meta.file_type()).unwrap_or(""),
                permissions: meta.permissions(),
            }
        }

        pub fn kind_of(t: &std::fs::FileType) -> Option<&'static str> {
            mtlint::workspace::file_kind(t)
        }

        pub fn not_regular(&self) -> Option<&'static str> {
            (!self.file_type.is_empty()).then_some(self.file_type)
        }

        pub fn same_as(&self, other: &Stamp) -> bool {
            (self.len, self.modified, self.file_type)
                == (other.len, other.modified, other.file_type)
        }
    }

    impl Dir {
        pub fn open(path: &Path) -> io::Result<Dir> {
            Ok(Dir(path.to_path_buf()))
        }

        pub fn stat(&self, name: &OsStr) -> io::Result<Stamp> {
            Ok(Stamp::of(&std::fs::symlink_metadata(self.0.join(name))?))
        }

        pub fn open_read(&self, name: &OsStr) -> io::Result<(File, Stamp)> {
            let file = File::open(self.0.join(name))?;
            let stamp = Stamp::of(&file.metadata()?);
            Ok((file, stamp))
        }

        pub fn may_replace(&self, _name: &OsStr, stamp: &Stamp) -> Result<(), WriteError> {
            if stamp.permissions.readonly() {
                return Err(WriteError::ReadOnly);
            }
            Ok(())
        }

        pub fn temp(&self, bytes: &[u8], like: Option<&Stamp>) -> io::Result<Temp<'_>> {
            let mut attempt = 0;
            let (mut file, name) = loop {
                let name = temp_name(attempt);
                match File::create_new(self.0.join(&name)) {
                    Ok(file) => break (file, name),
                    Err(e) if e.kind() == io::ErrorKind::AlreadyExists && attempt < 100 => {
                        attempt += 1
                    }
                    Err(e) => return Err(e),
                }
            };
            let temp = Temp {
                dir: self,
                name,
                renamed: false,
            };
            file.write_all(bytes)?;
            file.sync_all()?;
            if let Some(like) = like {
                file.set_permissions(like.permissions.clone())?;
            }
            Ok(temp)
        }

        pub fn rename(&self, from: &OsStr, to: &OsStr) -> io::Result<()> {
            std::fs::rename(self.0.join(from), self.0.join(to))
        }

        pub fn remove(&self, name: &OsStr) -> io::Result<()> {
            std::fs::remove_file(self.0.join(name))
        }
    }
}

use imp::{Dir, Stamp};

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;
    use std::io::Write;

    fn names(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn replaces_contents_and_keeps_permissions() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.txt");
        fs::write(&path, "old").unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            fs::set_permissions(&path, fs::Permissions::from_mode(0o640)).unwrap();
        }
        let (bytes, snapshot) = read(&path, 1 << 20).unwrap();
        assert_eq!(bytes, b"old");
        replace(&snapshot, b"new").unwrap();
        assert_eq!(fs::read_to_string(&path).unwrap(), "new");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            assert_eq!(
                fs::metadata(&path).unwrap().permissions().mode() & 0o777,
                0o640
            );
        }
        assert_eq!(names(dir.path()), ["a.txt"], "no temporary file is left");
    }

    #[test]
    fn a_file_changed_since_it_was_read_is_left_alone() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.txt");
        fs::write(&path, "line one\n").unwrap();
        let (_, snapshot) = read(&path, 1 << 20).unwrap();
        // Appended while it was checked.
        fs::OpenOptions::new()
            .append(true)
            .open(&path)
            .unwrap()
            .write_all(b"line two\n")
            .unwrap();
        let e = replace(&snapshot, b"fixed\n").unwrap_err();
        assert!(matches!(e, WriteError::Changed), "{e}");
        assert_eq!(fs::read_to_string(&path).unwrap(), "line one\nline two\n");
        assert_eq!(names(dir.path()), ["a.txt"]);
    }

    /// Same size, and the modification time put back: the bytes tell.
    #[test]
    fn a_change_that_keeps_size_and_mtime_is_seen() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.txt");
        fs::write(&path, "abc").unwrap();
        let mtime = fs::metadata(&path).unwrap().modified().unwrap();
        let (_, mut snapshot) = read(&path, 1 << 20).unwrap();
        let file = fs::OpenOptions::new().write(true).open(&path).unwrap();
        (&file).write_all(b"xyz").unwrap();
        file.set_modified(mtime).unwrap();
        drop(file);
        // The change time cannot be put back; take the stamp as it is now, so that only
        // the bytes differ from what was read.
        snapshot.stamp = snapshot.dir.stat(&snapshot.name).unwrap();
        let e = replace(&snapshot, b"new").unwrap_err();
        assert!(matches!(e, WriteError::Changed), "{e}");
        assert_eq!(fs::read_to_string(&path).unwrap(), "xyz");
    }

    #[test]
    fn a_file_replaced_since_it_was_read_is_left_alone() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.txt");
        fs::write(&path, "old").unwrap();
        let (_, snapshot) = read(&path, 1 << 20).unwrap();
        // An editor saving by rename: same bytes, another file.
        fs::write(dir.path().join("b"), "old").unwrap();
        fs::rename(dir.path().join("b"), &path).unwrap();
        assert!(matches!(
            replace(&snapshot, b"new"),
            Err(WriteError::Changed)
        ));
        fs::remove_file(&path).unwrap();
        assert!(matches!(
            replace(&snapshot, b"new"),
            Err(WriteError::Changed)
        ));
        assert!(names(dir.path()).is_empty());
    }

    #[test]
    fn a_failed_rename_leaves_no_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        // A rename over a folder that is not empty fails.
        fs::create_dir_all(dir.path().join("target/inside")).unwrap();
        let handle = Dir::open(dir.path()).unwrap();
        let temp = handle.temp(b"text", None).unwrap();
        assert_eq!(names(dir.path()).len(), 2);
        assert!(temp.rename_over(OsStr::new("target")).is_err());
        assert_eq!(names(dir.path()), ["target"]);
    }

    /// The folder renamed between the read and the write: the file is written where it
    /// now is, and no temporary file is left in either place.
    #[cfg(unix)]
    #[test]
    fn a_folder_renamed_meanwhile_gets_the_file_and_no_leftover() {
        let root = tempfile::tempdir().unwrap();
        fs::create_dir(root.path().join("before")).unwrap();
        let path = root.path().join("before/a.txt");
        fs::write(&path, "old").unwrap();
        let (_, snapshot) = read(&path, 1 << 20).unwrap();
        fs::rename(root.path().join("before"), root.path().join("after")).unwrap();
        replace(&snapshot, b"new").unwrap();
        assert_eq!(names(&root.path().join("after")), ["a.txt"]);
        assert_eq!(
            fs::read_to_string(root.path().join("after/a.txt")).unwrap(),
            "new"
        );
    }

    #[test]
    fn a_file_read_again_in_blocks_hashes_the_same() {
        for len in [
            0,
            1,
            HASH_BLOCK - 1,
            HASH_BLOCK,
            HASH_BLOCK + 1,
            3 * HASH_BLOCK + 7,
        ] {
            let bytes: Vec<u8> = (0..len).map(|i| (i * 7 % 251) as u8).collect();
            let expected = hash(&bytes);
            // A reader that returns a few bytes at a time still fills whole blocks.
            let trickle = std::io::BufReader::with_capacity(1000, &bytes[..]);
            assert!(same_bytes(trickle, len as u64, expected).unwrap(), "{len}");
            let mut other = bytes.clone();
            if let Some(last) = other.last_mut() {
                *last ^= 1;
                assert!(!same_bytes(&other[..], len as u64, expected).unwrap());
            }
            other.push(0);
            assert!(!same_bytes(&other[..], len as u64, expected).unwrap());
        }
    }

    #[test]
    fn reads_are_bounded() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.txt");
        fs::write(&path, "0123456789").unwrap();
        assert!(read(&path, 10).is_ok());
        assert_eq!(read_only(&path, 10).unwrap(), b"0123456789");
        assert!(matches!(
            read_only(&path, 9),
            Err(ReadError::TooLarge {
                len: Some(10),
                max: 9
            })
        ));
        let e = read(&path, 9).err().unwrap();
        assert!(
            matches!(
                e,
                ReadError::TooLarge {
                    len: Some(10),
                    max: 9
                }
            ),
            "{e}"
        );
        assert!(
            e.to_string()
                .contains("its size, 10 bytes, is over the 9 bytes limit"),
            "{e}"
        );
        let e = read_bounded(std::io::repeat(b'y'), 1 << 10, 0).unwrap_err();
        assert!(e.to_string().contains("1 KiB limit"), "{e}");
    }

    #[cfg(unix)]
    #[test]
    fn read_only_and_hard_linked_files_are_refused() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.txt");
        fs::write(&path, "old").unwrap();
        fs::set_permissions(&path, fs::Permissions::from_mode(0o444)).unwrap();
        let (_, snapshot) = read(&path, 1 << 20).unwrap();
        assert!(matches!(
            replace(&snapshot, b"new"),
            Err(WriteError::ReadOnly)
        ));
        fs::set_permissions(&path, fs::Permissions::from_mode(0o644)).unwrap();
        fs::hard_link(&path, dir.path().join("b.txt")).unwrap();
        let (_, snapshot) = read(&path, 1 << 20).unwrap();
        assert!(matches!(
            replace(&snapshot, b"new"),
            Err(WriteError::HardLinks(2))
        ));
        assert_eq!(fs::read_to_string(&path).unwrap(), "old");
        assert_eq!(names(dir.path()), ["a.txt", "b.txt"]);
    }

    #[cfg(unix)]
    #[test]
    fn writes_through_symlinks() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("real.txt");
        let link = dir.path().join("link.txt");
        fs::write(&target, "old").unwrap();
        std::os::unix::fs::symlink("real.txt", &link).unwrap();
        let (_, snapshot) = read(&link, 1 << 20).unwrap();
        replace(&snapshot, b"new").unwrap();
        assert_eq!(fs::read_to_string(&target).unwrap(), "new");
        assert!(
            fs::symlink_metadata(&link)
                .unwrap()
                .file_type()
                .is_symlink()
        );
        create_or_replace(&link, b"baseline").unwrap();
        assert_eq!(fs::read_to_string(&target).unwrap(), "baseline");
    }

    #[cfg(unix)]
    #[test]
    fn non_regular_files_are_neither_read_nor_replaced() {
        let dir = tempfile::tempdir().unwrap();
        fs::create_dir(dir.path().join("folder")).unwrap();
        let e = create_or_replace(&dir.path().join("folder"), b"x").unwrap_err();
        assert!(matches!(e, WriteError::NotRegular("directory")), "{e}");
        let fifo = dir.path().join("fifo");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        assert!(made.unwrap().success());
        let e = create_or_replace(&fifo, b"x").unwrap_err();
        assert!(
            matches!(e, WriteError::NotRegular("named pipe (FIFO)")),
            "{e}"
        );
        assert!(matches!(
            read(&fifo, 1 << 20),
            Err(ReadError::NotRegular("named pipe (FIFO)"))
        ));
        assert!(matches!(
            read_only(&fifo, 1 << 20),
            Err(ReadError::NotRegular("named pipe (FIFO)"))
        ));
        assert!(matches!(
            read_only(Path::new("/dev/zero"), 1 << 20),
            Err(ReadError::NotRegular("character device"))
        ));
        assert!(matches!(
            read(Path::new("/dev/zero"), 1 << 20),
            Err(ReadError::NotRegular("character device"))
        ));
        let new = dir.path().join("new.json");
        create_or_replace(&new, b"{}").unwrap();
        assert_eq!(fs::read_to_string(&new).unwrap(), "{}");
    }
}
