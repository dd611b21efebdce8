//! The settings of a path, resolved once for every front end: which `mtlint.toml` applies
//! (the nearest from the file's folder up to the repository root, or one named file, or
//! none), the rules it loads (`rules`, `scripts`), its selection and severities for that
//! file, whether a directory walk skips it, and how the file is read (its syntax). The
//! command line and the language server both ask a [`Workspace`]; the file system is a
//! trait so that tests can give one in memory.

use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::io::{self, Read};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::SystemTime;

use crate::config::{CONFIG_NAMES, Config, Effective, FailOn};
use crate::document::Syntax;
use crate::finding::Finding;
use crate::linter::{Linter, PackSource};
use crate::rules::{LoadError, LoadOptions, RuleMeta};
use crate::selection::RuleFilter;

/// Extensions (lowercase, without the dot) of files read as Markdown. Every other file is
/// plain text. One list for the command line (checking and walking) and the editor.
pub const MARKDOWN_EXTENSIONS: &[&str] = &["md", "markdown", "mkd", "mdx"];

/// Extensions a directory walk picks up: plain text and every Markdown extension.
pub fn walked_extension(ext: &str) -> bool {
    let ext = ext.to_ascii_lowercase();
    ext == "txt" || MARKDOWN_EXTENSIONS.contains(&ext.as_str())
}

/// How a file is read, from its name.
pub fn syntax_of(path: &str) -> Syntax {
    let name = path.rsplit(['/', '\\']).next().unwrap_or(path);
    match name.rsplit_once('.') {
        Some((stem, ext))
            if !stem.is_empty()
                && MARKDOWN_EXTENSIONS.contains(&ext.to_ascii_lowercase().as_str()) =>
        {
            Syntax::Markdown
        }
        _ => Syntax::Plain,
    }
}

/// What the settings need from a file system.
pub trait FileSystem: Send + Sync {
    fn read_to_string(&self, path: &Path) -> io::Result<String>;
    fn is_file(&self, path: &Path) -> bool;
    /// Whether anything (file or folder) is there: `.git` marks a repository root.
    fn exists(&self, path: &Path) -> bool;
    /// When a file last changed (`None`: unknown), to notice an edited config.
    fn modified(&self, path: &Path) -> Option<SystemTime>;
    /// The rule packs of a folder: its `*.toml` files, sorted by name.
    fn read_pack_dir(&self, dir: &Path) -> Result<Vec<PackSource>, PackDirError>;
}

/// The real file system. Configs and rule packs are read as inputs are: regular files
/// only, at most `max_file_size` bytes.
#[derive(Debug, Clone, Copy)]
pub struct RealFs {
    pub max_file_size: u64,
}

impl Default for RealFs {
    fn default() -> RealFs {
        RealFs {
            max_file_size: DEFAULT_MAX_FILE_SIZE,
        }
    }
}

impl FileSystem for RealFs {
    fn read_to_string(&self, path: &Path) -> io::Result<String> {
        read_regular_text(path, self.max_file_size).map_err(ReadError::into_io)
    }

    fn is_file(&self, path: &Path) -> bool {
        path.is_file()
    }

    fn exists(&self, path: &Path) -> bool {
        path.exists()
    }

    fn modified(&self, path: &Path) -> Option<SystemTime> {
        std::fs::metadata(path).and_then(|m| m.modified()).ok()
    }

    /// Only regular files inside the folder are read: a symlink that leads out of it is
    /// refused.
    fn read_pack_dir(&self, dir: &Path) -> Result<Vec<PackSource>, PackDirError> {
        let shown = |p: &Path| crate::render::escape::path(p);
        let io = |p: &Path| {
            let path = shown(p);
            move |error| PackDirError::Io { path, error }
        };
        let entries = std::fs::read_dir(dir).map_err(io(dir))?;
        let root = dir.canonicalize().map_err(io(dir))?;
        let mut files = Vec::new();
        for entry in entries {
            let path = entry.map_err(io(dir))?.path();
            // Anything but a folder is read, so that a FIFO or device named `*.toml` is
            // an error, not skipped in silence.
            if path.extension().is_some_and(|e| e == "toml") && !path.is_dir() {
                files.push(path);
            }
        }
        files.sort();
        let mut sources = Vec::new();
        for file in files {
            let real = file.canonicalize().map_err(io(&file))?;
            if !real.starts_with(&root) {
                return Err(PackDirError::LeadsOutside {
                    file: shown(&file),
                    dir: shown(dir),
                });
            }
            let text = read_regular_text(&file, self.max_file_size).map_err(|error| {
                PackDirError::Read {
                    path: shown(&file),
                    error,
                }
            })?;
            sources.push(PackSource {
                file: shown(&file),
                text,
            });
        }
        Ok(sources)
    }
}

/// Why a folder of rule packs could not be read. Paths are as shown to the user.
#[derive(Debug)]
pub enum PackDirError {
    /// Listing the folder or resolving a path failed.
    Io { path: String, error: io::Error },
    /// A pack file could not be read.
    Read { path: String, error: ReadError },
    /// A pack file is a link that leads out of the folder.
    LeadsOutside { file: String, dir: String },
    /// The folder does not exist (in a `MemoryFs`).
    NoSuchFolder(String),
}

impl fmt::Display for PackDirError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PackDirError::Io { path, error } => write!(f, "{path}: {error}"),
            PackDirError::Read { path, error } => write!(f, "{path}: {error}"),
            PackDirError::LeadsOutside { file, dir } => {
                write!(f, "{file}: leads outside the rule folder {dir}; refused")
            }
            PackDirError::NoSuchFolder(dir) => write!(f, "{dir}: no such folder"),
        }
    }
}

impl std::error::Error for PackDirError {}

// Reading files with limits: every file mtlint reads (inputs, configs, rule packs,
// baselines) goes through these.

/// Why a file was not read.
#[derive(Debug)]
pub enum ReadError {
    /// A FIFO, device, socket...: reading it could block or never end.
    NotRegular(&'static str),
    /// Over the limit; `len` where the size was known before reading.
    TooLarge {
        len: Option<u64>,
        max: u64,
    },
    Io(io::Error),
}

impl From<io::Error> for ReadError {
    fn from(e: io::Error) -> ReadError {
        ReadError::Io(e)
    }
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReadError::NotRegular(kind) => write!(f, "is a {kind}, not a regular file; not read"),
            ReadError::TooLarge { len, max } => write!(
                f,
                "{} over the {} limit; not read ({})",
                match len {
                    Some(len) => format!("its size, {}, is", show_size(*len)),
                    None => "it is".to_string(),
                },
                show_size(*max),
                if *max >= MAX_TEXT_LEN {
                    "mtlint checks texts under 4 GiB"
                } else {
                    "raise it with --max-file-size"
                }
            ),
            ReadError::Io(e) => write!(f, "{e}"),
        }
    }
}

impl std::error::Error for ReadError {}

impl ReadError {
    /// As an I/O error with the same message.
    pub fn into_io(self) -> io::Error {
        match self {
            ReadError::Io(e) => e,
            other => io::Error::other(other.to_string()),
        }
    }
}

/// "64 MiB", "1.5 KiB"-free: a whole number of the largest binary unit that divides it.
pub fn show_size(bytes: u64) -> String {
    for (unit, name) in [(1 << 30, "GiB"), (1 << 20, "MiB"), (1 << 10, "KiB")] {
        if bytes >= unit && bytes.is_multiple_of(unit) {
            return format!("{} {name}", bytes / unit);
        }
    }
    format!("{bytes} bytes")
}

/// The most bytes of a text mtlint reads, whatever `--max-file-size` says: offsets in
/// a text are 32-bit (`text::words::Word`).
pub const MAX_TEXT_LEN: u64 = u32::MAX as u64;

/// Reads at most `max` bytes (and at most `MAX_TEXT_LEN`); more is
/// [`ReadError::TooLarge`].
pub fn read_bounded(reader: impl Read, max: u64, expected: u64) -> Result<Vec<u8>, ReadError> {
    let max = max.min(MAX_TEXT_LEN);
    let mut bytes = Vec::with_capacity(usize::try_from(expected.min(max)).unwrap_or(0));
    reader.take(max.saturating_add(1)).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > max {
        return Err(ReadError::TooLarge { len: None, max });
    }
    Ok(bytes)
}

/// Reads a file through symbolic links, refusing a non-regular file (a FIFO would block,
/// a device never end) and one over `max` bytes: an input checked without `--fix`, a
/// config, a rule pack, a baseline.
pub fn read_regular(path: &Path, max: u64) -> Result<Vec<u8>, ReadError> {
    let kind = |meta: &std::fs::Metadata| file_kind(&meta.file_type());
    if let Some(kind) = kind(&std::fs::metadata(path)?) {
        return Err(ReadError::NotRegular(kind));
    }
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        // Swapped for a FIFO since the look above: opening it does not wait for a writer.
        let flags = rustix::fs::OFlags::NONBLOCK | rustix::fs::OFlags::NOCTTY;
        options.custom_flags(flags.bits() as i32);
    }
    let file = options.open(path)?;
    let meta = file.metadata()?;
    let max = max.min(MAX_TEXT_LEN);
    if let Some(kind) = kind(&meta) {
        return Err(ReadError::NotRegular(kind));
    }
    if meta.len() > max {
        return Err(ReadError::TooLarge {
            len: Some(meta.len()),
            max,
        });
    }
    read_bounded(file, max, meta.len())
}

/// The most bytes of a file read by default (`--max-file-size`).
pub const DEFAULT_MAX_FILE_SIZE: u64 = 64 << 20;

/// What a file is, when it is not a regular file.
pub fn file_kind(t: &std::fs::FileType) -> Option<&'static str> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if t.is_fifo() {
            return Some("named pipe (FIFO)");
        } else if t.is_socket() {
            return Some("socket");
        } else if t.is_char_device() {
            return Some("character device");
        } else if t.is_block_device() {
            return Some("block device");
        }
    }
    if t.is_file() {
        None
    } else if t.is_dir() {
        Some("directory")
    } else if t.is_symlink() {
        Some("symbolic link")
    } else {
        Some("special file")
    }
}

/// [`read_regular`] as UTF-8 text.
pub fn read_regular_text(path: &Path, max: u64) -> Result<String, ReadError> {
    let bytes = read_regular(path, max)?;
    String::from_utf8(bytes).map_err(|_| {
        ReadError::Io(io::Error::new(
            io::ErrorKind::InvalidData,
            "stream did not contain valid UTF-8",
        ))
    })
}

/// A file system in memory, for tests: files by absolute path, each with a revision that
/// stands for its modification time.
#[derive(Debug, Default)]
pub struct MemoryFs {
    files: Mutex<BTreeMap<PathBuf, (String, u64)>>,
    folders: Mutex<Vec<PathBuf>>,
}

impl MemoryFs {
    pub fn new() -> MemoryFs {
        MemoryFs::default()
    }

    /// Writes a file (a new revision if it was there).
    pub fn write(&self, path: impl Into<PathBuf>, text: impl Into<String>) {
        let mut files = self.files.lock().unwrap_or_else(|e| e.into_inner());
        let path = path.into();
        let revision = files.get(&path).map_or(1, |(_, r)| r + 1);
        files.insert(path, (text.into(), revision));
    }

    pub fn remove(&self, path: &Path) {
        let mut files = self.files.lock().unwrap_or_else(|e| e.into_inner());
        files.remove(path);
    }

    /// Makes a folder exist (for `.git`).
    pub fn mkdir(&self, path: impl Into<PathBuf>) {
        let mut folders = self.folders.lock().unwrap_or_else(|e| e.into_inner());
        folders.push(path.into());
    }
}

impl FileSystem for MemoryFs {
    fn read_to_string(&self, path: &Path) -> io::Result<String> {
        let files = self.files.lock().unwrap_or_else(|e| e.into_inner());
        files
            .get(path)
            .map(|(text, _)| text.clone())
            .ok_or_else(|| io::Error::new(io::ErrorKind::NotFound, "no such file"))
    }

    fn is_file(&self, path: &Path) -> bool {
        let files = self.files.lock().unwrap_or_else(|e| e.into_inner());
        files.contains_key(path)
    }

    fn exists(&self, path: &Path) -> bool {
        let folders = self.folders.lock().unwrap_or_else(|e| e.into_inner());
        self.is_file(path) || folders.iter().any(|f| f == path)
    }

    fn modified(&self, path: &Path) -> Option<SystemTime> {
        let files = self.files.lock().unwrap_or_else(|e| e.into_inner());
        let (_, revision) = files.get(path)?;
        Some(SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(*revision))
    }

    fn read_pack_dir(&self, dir: &Path) -> Result<Vec<PackSource>, PackDirError> {
        let files = self.files.lock().unwrap_or_else(|e| e.into_inner());
        let found: Vec<PackSource> = files
            .iter()
            .filter(|(p, _)| p.parent() == Some(dir) && p.extension().is_some_and(|e| e == "toml"))
            .map(|(p, (text, _))| PackSource {
                file: p.display().to_string(),
                text: text.clone(),
            })
            .collect();
        let folders = self.folders.lock().unwrap_or_else(|e| e.into_inner());
        if found.is_empty() && !folders.iter().any(|f| f == dir) {
            return Err(PackDirError::NoSuchFolder(crate::render::escape::path(dir)));
        }
        Ok(found)
    }
}

/// A config that could not be used: where, and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError {
    /// The config file.
    pub path: PathBuf,
    /// 1-based line and column in it, where known.
    pub line: Option<usize>,
    pub column: Option<usize>,
    /// The whole message, naming the file.
    pub message: String,
}

impl ConfigError {
    fn new(path: &Path, message: String) -> ConfigError {
        ConfigError {
            path: path.to_path_buf(),
            line: None,
            column: None,
            message,
        }
    }

    fn load(path: &Path, e: &LoadError) -> ConfigError {
        ConfigError {
            path: path.to_path_buf(),
            line: e.line,
            column: e.column,
            message: e.to_string(),
        }
    }
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for ConfigError {}

/// Which config applies.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Discovery {
    /// The nearest `mtlint.toml` / `.mtlint.toml` from the file's folder up to the folder
    /// holding `.git`.
    Nearest,
    /// This file for every path.
    File(PathBuf),
    /// No config: defaults.
    Off,
}

/// Choices a front end makes above the config: its `select` replaces the config's (when
/// not empty), its `ignore` adds to it, its `fail_on` wins.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Overrides {
    pub select: Vec<String>,
    pub ignore: Vec<String>,
    pub fail_on: Option<FailOn>,
}

impl Overrides {
    pub fn from_filter(filter: &RuleFilter) -> Overrides {
        Overrides {
            select: filter.select.clone(),
            ignore: filter.ignore.clone(),
            fail_on: None,
        }
    }
}

/// A config with the linter its rule folders and scripts call for.
#[derive(Debug)]
pub struct Loaded {
    pub config: Config,
    /// The folder the config's relative paths start from.
    pub dir: PathBuf,
    pub linter: Arc<Linter>,
}

/// The settings of one path.
#[derive(Debug, Clone)]
pub struct Resolved {
    pub linter: Arc<Linter>,
    /// The config's settings for the path, with the front end's overrides applied.
    pub effective: Effective,
    /// The rules that run.
    pub filter: RuleFilter,
    /// The config that applied, as named in messages.
    pub config_path: Option<String>,
    pub syntax: Syntax,
}

impl Resolved {
    /// Applies the severities the config sets.
    pub fn apply_severities(&self, findings: &mut [Finding]) {
        if self.effective.severity.is_empty() {
            return;
        }
        for f in findings {
            f.severity = self.effective.severity_of(&f.rule, f.severity);
        }
    }

    /// Whether two resolutions check a text the same way.
    pub fn same_as(&self, other: &Resolved) -> bool {
        Arc::ptr_eq(&self.linter, &other.linter)
            && self.filter == other.filter
            && self.effective == other.effective
            && self.syntax == other.syntax
    }

    /// Checks a text with these settings, as the command line does: findings in the
    /// expected languages dropped, severities applied.
    pub fn check(&self, text: &str) -> Vec<Finding> {
        let mut findings = crate::document::check_as(
            &self.linter,
            text,
            self.syntax,
            self.effective.syntax,
            &|r| self.filter.enabled(r),
        );
        findings.retain(|f| self.effective.keeps(f, text));
        self.apply_severities(&mut findings);
        findings
    }
}

/// A config file as last read: its modification time then, and the result.
type Cached = (Option<SystemTime>, Result<Arc<Loaded>, ConfigError>);

/// Resolves settings of paths. Configs are read once; with [`Workspace::watching`] each
/// lookup also notices a config that was added, edited or removed since.
pub struct Workspace {
    fs: Arc<dyn FileSystem>,
    base_sources: Vec<PackSource>,
    base: Arc<Linter>,
    discovery: Discovery,
    watch: bool,
    configs: Mutex<HashMap<PathBuf, Cached>>,
    /// Folder → the config that governs it (only when not watching).
    folders: Mutex<HashMap<PathBuf, Option<PathBuf>>>,
}

impl fmt::Debug for Workspace {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Workspace")
            .field("discovery", &self.discovery)
            .field("watch", &self.watch)
            .finish_non_exhaustive()
    }
}

impl Workspace {
    /// A workspace over `fs` whose base rules are `sources` (the built-in packs and the
    /// command line's rule folders), already built into `base`.
    pub fn new(
        fs: Arc<dyn FileSystem>,
        base_sources: Vec<PackSource>,
        base: Arc<Linter>,
        discovery: Discovery,
    ) -> Workspace {
        Workspace {
            fs,
            base_sources,
            base,
            discovery,
            watch: false,
            configs: Mutex::new(HashMap::new()),
            folders: Mutex::new(HashMap::new()),
        }
    }

    /// Re-reads a config when it changes, and looks for configs again on each lookup (for
    /// a long-running server).
    pub fn watching(mut self) -> Workspace {
        self.watch = true;
        self
    }

    pub fn base(&self) -> &Arc<Linter> {
        &self.base
    }

    /// The settings for `path` (absolute, or relative to the current folder; `None` for
    /// text without a file, which uses the current folder's config).
    pub fn resolve(
        &self,
        path: Option<&Path>,
        overrides: &Overrides,
    ) -> Result<Resolved, ConfigError> {
        let absolute = absolute(path.unwrap_or(Path::new("stdin")));
        let loaded = self.config_for(&absolute)?;
        let (linter, mut effective, config_path) = match &loaded {
            Some(l) => (
                Arc::clone(&l.linter),
                l.config.effective(&relative_to(&absolute, &l.dir)),
                Some(l.config.path.clone()),
            ),
            None => (Arc::clone(&self.base), Effective::default(), None),
        };
        if !overrides.select.is_empty() {
            effective.select = overrides.select.clone();
        }
        effective.ignore.extend(overrides.ignore.iter().cloned());
        if let Some(fail_on) = overrides.fail_on {
            effective.fail_on = fail_on;
        }
        let syntax = path.map_or(Syntax::Plain, |p| syntax_of(&p.to_string_lossy()));
        Ok(Resolved {
            linter,
            filter: effective.filter(),
            effective,
            config_path,
            syntax,
        })
    }

    /// Whether a directory walk skips this path (its config's `exclude`). A broken config
    /// excludes nothing: checking the file reports it.
    pub fn excluded(&self, path: &Path) -> bool {
        let absolute = absolute(path);
        match self.config_for(&absolute) {
            Ok(Some(l)) => l.config.excludes(&relative_to(&absolute, &l.dir)),
            _ => false,
        }
    }

    /// Reads the named config now (for `--config`: its errors come before any file).
    pub fn preload(&self) -> Result<(), ConfigError> {
        match &self.discovery {
            Discovery::File(path) => self.load(&absolute(path), path).map(|_| ()),
            _ => Ok(()),
        }
    }

    fn config_for(&self, file: &Path) -> Result<Option<Arc<Loaded>>, ConfigError> {
        match &self.discovery {
            Discovery::Off => Ok(None),
            Discovery::File(path) => self.load(&absolute(path), path).map(Some),
            Discovery::Nearest => match self.nearest(file) {
                Some(path) => self.load(&path, &path).map(Some),
                None => Ok(None),
            },
        }
    }

    /// The nearest config above `file`. Every folder passed on the way gets the answer
    /// too, so that the files of a folder do not each look up the same folders again.
    fn nearest(&self, file: &Path) -> Option<PathBuf> {
        let mut passed = Vec::new();
        let mut found = None;
        let mut dir = file.parent();
        while let Some(d) = dir {
            if !self.watch
                && let Some(cached) = lock(&self.folders).get(d)
            {
                found = cached.clone();
                break;
            }
            passed.push(d);
            let config = CONFIG_NAMES
                .iter()
                .map(|n| d.join(n))
                .find(|p| self.fs.is_file(p));
            if config.is_some() {
                found = config;
                break;
            }
            // The repository root ends the search.
            if self.fs.exists(&d.join(".git")) {
                break;
            }
            dir = d.parent();
        }
        if !self.watch {
            let mut folders = lock(&self.folders);
            for d in passed {
                folders.insert(d.to_path_buf(), found.clone());
            }
        }
        found
    }

    /// A config, from the cache while it is unchanged. `shown` names it in messages.
    fn load(&self, path: &Path, shown: &Path) -> Result<Arc<Loaded>, ConfigError> {
        let modified = if self.watch {
            self.fs.modified(path)
        } else {
            None
        };
        if let Some((seen, result)) = lock(&self.configs).get(path)
            && (!self.watch || *seen == modified)
        {
            return result.clone();
        }
        let result = self.read(path, shown).map(Arc::new);
        lock(&self.configs).insert(path.to_path_buf(), (modified, result.clone()));
        result
    }

    fn read(&self, path: &Path, shown_path: &Path) -> Result<Loaded, ConfigError> {
        let shown = crate::render::escape::path(shown_path);
        let text = self
            .fs
            .read_to_string(path)
            .map_err(|e| ConfigError::new(path, format!("{shown}: {e}")))?;
        let config = Config::parse(&shown, &text).map_err(|e| ConfigError::load(path, &e))?;
        let dir = path.parent().map(Path::to_path_buf).unwrap_or_default();
        let linter = self.linter_for(&config, &dir, path, &shown)?;
        check_names(&config, &linter)
            .map_err(|e| ConfigError::new(path, format!("{shown}: {e}")))?;
        Ok(Loaded {
            config,
            dir,
            linter,
        })
    }

    /// The base linter, or one with the config's rule folders and scripts.
    fn linter_for(
        &self,
        config: &Config,
        dir: &Path,
        path: &Path,
        shown: &str,
    ) -> Result<Arc<Linter>, ConfigError> {
        if config.file.rules.is_empty() && config.file.scripts.is_empty() {
            return Ok(Arc::clone(&self.base));
        }
        let mut sources = self.base_sources.clone();
        for rel in &config.file.rules {
            let found = self
                .fs
                .read_pack_dir(&dir.join(rel))
                .map_err(|e| ConfigError::new(path, format!("{shown}: rules: {e}")))?;
            sources.extend(found);
        }
        let options = LoadOptions {
            expected_scripts: (!config.file.scripts.is_empty())
                .then(|| config.file.scripts.clone()),
        };
        let linter = Linter::from_sources_with(&sources, &options).map_err(|errors| {
            let message = errors
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join("\n");
            ConfigError::new(path, message)
        })?;
        Ok(Arc::new(linter))
    }
}

/// Every rule name the config uses must name a rule of its linter.
fn check_names(config: &Config, linter: &Linter) -> Result<(), UnknownRule> {
    let metas: Vec<&RuleMeta> = linter.rules().map(|r| r.as_ref()).collect();
    let file = &config.file;
    let mut names: Vec<String> = file.select.clone();
    names.extend(file.ignore.iter().cloned());
    names.extend(file.severity.keys().cloned());
    for o in &file.overrides {
        names.extend(
            o.select
                .iter()
                .chain(&o.ignore)
                .chain(o.severity.keys())
                .cloned(),
        );
    }
    let unknown = RuleFilter::new(names, Vec::new()).unknown(metas.iter().copied());
    match unknown.into_iter().next() {
        Some(first) => Err(UnknownRule(first)),
        None => Ok(()),
    }
}

/// A rule name in a config that names no rule: the selection's message about it.
#[derive(Debug, Clone, PartialEq, Eq)]
struct UnknownRule(String);

impl fmt::Display for UnknownRule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

fn absolute(path: &Path) -> PathBuf {
    std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf())
}

/// `path` relative to `dir`, with forward slashes, for glob matching.
fn relative_to(path: &Path, dir: &Path) -> String {
    let rel = path.strip_prefix(dir).unwrap_or(path);
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::Severity;

    #[test]
    fn a_text_over_the_4_gib_cap_is_refused_with_the_reason() {
        let e = read_bounded(std::io::repeat(b'a').take(16), 8, 0).unwrap_err();
        assert!(
            e.to_string().contains("raise it with --max-file-size"),
            "{e}"
        );
        let huge = ReadError::TooLarge {
            len: Some(5 << 30),
            max: MAX_TEXT_LEN,
        };
        assert!(huge.to_string().contains("texts under 4 GiB"), "{huge}");
    }

    fn workspace(fs: &Arc<MemoryFs>, discovery: Discovery) -> Workspace {
        let sources = Linter::builtin_sources();
        let base = Arc::new(Linter::from_sources(&sources).unwrap());
        let fs: Arc<dyn FileSystem> = fs.clone();
        Workspace::new(fs, sources, base, discovery)
    }

    const HOUSE: &str = r#"
[pack]
name = "house"
description = "test"

[[rule]]
id = "house/teh"
severity = "warning"
fix = "safe"
message = "write `the`"
description = "A typo."

[[rule.bad]]
text = "teh cat"
fixed = "the cat"

[rule.match]
kind = "phrase"
[rule.match.phrases]
"teh" = "the"
"#;

    #[test]
    fn the_nearest_config_applies_up_to_the_repository_root() {
        let fs = Arc::new(MemoryFs::new());
        fs.mkdir("/repo/.git");
        fs.write("/mtlint.toml", "ignore = [\"leak\"]\n");
        fs.write("/repo/docs/mtlint.toml", "ignore = [\"punctuation\"]\n");
        let ws = workspace(&fs, Discovery::Nearest);
        let none = Overrides::default();
        let docs = ws
            .resolve(Some(Path::new("/repo/docs/a/b.md")), &none)
            .unwrap();
        assert_eq!(docs.effective.ignore, ["punctuation"]);
        assert_eq!(docs.config_path.as_deref(), Some("/repo/docs/mtlint.toml"));
        assert_eq!(docs.syntax, Syntax::Markdown);
        // Above docs/ but inside the repository: the root's config is outside it.
        let top = ws.resolve(Some(Path::new("/repo/a.txt")), &none).unwrap();
        assert_eq!(top.config_path, None);
        assert_eq!(top.syntax, Syntax::Plain);
        // Outside the repository the search goes on up.
        let outside = ws
            .resolve(Some(Path::new("/elsewhere/a.txt")), &none)
            .unwrap();
        assert_eq!(outside.effective.ignore, ["leak"]);
    }

    #[test]
    fn severities_selection_and_overrides_resolve_per_file() {
        let fs = Arc::new(MemoryFs::new());
        fs.write(
            "/r/mtlint.toml",
            "select = [\"punctuation\"]\n[severity]\n\"punctuation/doubled-terminator\" = \"error\"\n\
             [[overrides]]\nfiles = [\"news/**\"]\nignore = [\"punctuation/doubled-terminator\"]\n",
        );
        let ws = workspace(&fs, Discovery::Nearest);
        let front = Overrides {
            ignore: vec!["leak".into()],
            ..Overrides::default()
        };
        let r = ws.resolve(Some(Path::new("/r/a.txt")), &front).unwrap();
        assert_eq!(r.filter.select, ["punctuation"]);
        assert_eq!(r.filter.ignore, ["leak"]);
        let findings = r.check("Wrong. . Here.\n");
        assert_eq!(findings.len(), 1);
        assert_eq!(findings[0].severity, Severity::Error);
        let news = ws
            .resolve(Some(Path::new("/r/news/x.txt")), &front)
            .unwrap();
        assert!(news.check("Wrong. . Here.\n").is_empty());
        // The front end's selection replaces the config's.
        let chosen = Overrides {
            select: vec!["leak".into()],
            ..Overrides::default()
        };
        let r = ws.resolve(Some(Path::new("/r/a.txt")), &chosen).unwrap();
        assert!(r.check("Wrong. . Here.\n").is_empty());
    }

    #[test]
    fn rule_folders_and_scripts_build_their_own_linter() {
        let fs = Arc::new(MemoryFs::new());
        fs.write("/r/mtlint.toml", "rules = [\"house\"]\n");
        fs.write("/r/house/house.toml", HOUSE);
        fs.write("/s/mtlint.toml", "scripts = [\"Latin\"]\n");
        let ws = workspace(&fs, Discovery::Nearest);
        let none = Overrides::default();
        let r = ws.resolve(Some(Path::new("/r/a.txt")), &none).unwrap();
        assert!(!Arc::ptr_eq(&r.linter, ws.base()));
        let findings = r.check("I saw teh cat.\n");
        assert!(
            findings.iter().any(|f| f.rule.id == "house/teh"),
            "{findings:?}"
        );
        let s = ws.resolve(Some(Path::new("/s/a.txt")), &none).unwrap();
        assert!(!Arc::ptr_eq(&s.linter, ws.base()));
        let plain = ws.resolve(Some(Path::new("/t/a.txt")), &none).unwrap();
        assert!(Arc::ptr_eq(&plain.linter, ws.base()));
    }

    #[test]
    fn broken_configs_are_errors_that_name_the_place() {
        let fs = Arc::new(MemoryFs::new());
        fs.write("/a/mtlint.toml", "select = [\"x\"\n");
        fs.write("/b/mtlint.toml", "selekt = []\n");
        fs.write("/c/mtlint.toml", "ignore = [\"no-such-rule\"]\n");
        fs.write("/d/mtlint.toml", "rules = [\"missing\"]\n");
        let ws = workspace(&fs, Discovery::Nearest);
        let none = Overrides::default();
        let err = |p: &str| ws.resolve(Some(Path::new(p)), &none).unwrap_err();
        let a = err("/a/x.md");
        assert_eq!(a.path, Path::new("/a/mtlint.toml"));
        assert!(a.line.is_some(), "{a:?}");
        let b = err("/b/x.md");
        assert_eq!((b.line, b.column), (Some(1), Some(1)));
        assert!(b.message.contains("did you mean `select`?"), "{b}");
        assert!(err("/c/x.md").message.contains("no-such-rule"));
        assert!(
            err("/d/x.md").message.contains("rules: "),
            "{}",
            err("/d/x.md")
        );
        // Excluding does not fail on a broken config.
        assert!(!ws.excluded(Path::new("/a/x.md")));
    }

    #[test]
    fn a_watching_workspace_notices_edits_additions_and_removals() {
        let fs = Arc::new(MemoryFs::new());
        let ws = workspace(&fs, Discovery::Nearest).watching();
        let none = Overrides::default();
        let path = Path::new("/w/docs/a.md");
        assert_eq!(ws.resolve(Some(path), &none).unwrap().config_path, None);
        fs.write("/w/mtlint.toml", "ignore = [\"leak\"]\n");
        assert_eq!(
            ws.resolve(Some(path), &none).unwrap().effective.ignore,
            ["leak"]
        );
        fs.write("/w/mtlint.toml", "ignore = [\"leek\"]\n");
        assert!(ws.resolve(Some(path), &none).is_err());
        fs.write("/w/mtlint.toml", "ignore = [\"punctuation\"]\n");
        let r = ws.resolve(Some(path), &none).unwrap();
        assert_eq!(r.effective.ignore, ["punctuation"]);
        // An unchanged config is not read again: the same linter, the same settings.
        assert!(r.same_as(&ws.resolve(Some(path), &none).unwrap()));
        fs.remove(Path::new("/w/mtlint.toml"));
        assert_eq!(ws.resolve(Some(path), &none).unwrap().config_path, None);
    }

    #[test]
    fn one_list_of_markdown_extensions() {
        for name in ["a.md", "A.MD", "x/y.markdown", "n.mkd", "c.mdx", "/p/q.Md"] {
            assert_eq!(syntax_of(name), Syntax::Markdown, "{name}");
        }
        for name in ["a.txt", "md", ".md", "a.md.txt", "a.rst", "dir.md/file"] {
            assert_eq!(syntax_of(name), Syntax::Plain, "{name}");
        }
        assert!(walked_extension("txt") && walked_extension("MKD") && !walked_extension("rs"));
    }

    #[test]
    fn an_explicit_config_applies_everywhere_and_off_means_none() {
        let fs = Arc::new(MemoryFs::new());
        fs.write("/etc/house.toml", "ignore = [\"leak\"]\n");
        fs.write("/r/mtlint.toml", "ignore = [\"punctuation\"]\n");
        let none = Overrides::default();
        let ws = workspace(&fs, Discovery::File("/etc/house.toml".into()));
        ws.preload().unwrap();
        let r = ws.resolve(Some(Path::new("/r/a.md")), &none).unwrap();
        assert_eq!(r.effective.ignore, ["leak"]);
        let ws = workspace(&fs, Discovery::Off);
        let r = ws.resolve(Some(Path::new("/r/a.md")), &none).unwrap();
        assert_eq!(r.config_path, None);
        let ws = workspace(&fs, Discovery::File("/nope.toml".into()));
        assert!(
            ws.preload()
                .unwrap_err()
                .message
                .starts_with("/nope.toml: ")
        );
    }
}
