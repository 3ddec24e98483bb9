//! The writer behind every output file: large blocks written past the page
//! cache where the system allows it.
//!
//! A large build writes gigabytes (graph.json, mentions.jsonl) that are
//! synced to disk before they are renamed, and that the build never reads
//! again. Through the page cache each byte is first copied into a cache
//! page, and on virtual machines a fresh cache page is costly: writing a
//! 5 GB graph.json spent more time in that copy than in serialising it.
//! On Linux the writer therefore sets `O_DIRECT` on the file and writes
//! aligned blocks straight to the device; the last partial block (which
//! `O_DIRECT` cannot write) goes through the cache after the flag is
//! cleared. Where the file system refuses `O_DIRECT` (tmpfs, some network
//! file systems) or the system is not Linux, the same buffer is written the
//! ordinary way. The bytes in the file are the same either way.

use std::fs::File;
use std::io::{self, Write};

/// Block alignment and size unit of direct writes: a multiple of every
/// device's logical block size in use (512 or 4096).
const ALIGN: usize = 4096;
/// Bytes gathered before a block is written.
const BLOCK: usize = 4 << 20;

/// A buffered writer to a file, written with `O_DIRECT` where possible.
/// Call [`DirectWriter::finish`] to write the rest: data in the buffer is
/// not written on drop.
pub struct DirectWriter {
    file: File,
    /// `BLOCK + ALIGN` bytes; the block is the aligned part at `offset`.
    storage: Vec<u8>,
    offset: usize,
    len: usize,
    direct: bool,
}

impl DirectWriter {
    /// Write to `file` (a new, empty file open for writing).
    pub fn new(file: File) -> DirectWriter {
        let storage = vec![0u8; BLOCK + ALIGN];
        let offset = storage.as_ptr().align_offset(ALIGN);
        let direct = set_direct(&file, true);
        DirectWriter {
            file,
            storage,
            offset,
            len: 0,
            direct,
        }
    }

    /// A writer that never writes direct (to test the ordinary path on
    /// any file system).
    #[cfg(test)]
    fn buffered(file: File) -> DirectWriter {
        let mut w = DirectWriter::new(file);
        w.direct = false;
        set_direct(&w.file, false);
        w
    }

    /// True while blocks go straight to the device.
    pub fn is_direct(&self) -> bool {
        self.direct
    }

    /// Write the buffer's `len` bytes (whole blocks while direct).
    fn write_block(&mut self) -> io::Result<()> {
        let mut done = 0;
        while done < self.len {
            let rest = &self.storage[self.offset + done..self.offset + self.len];
            match (&self.file).write(rest) {
                Ok(0) => return Err(io::ErrorKind::WriteZero.into()),
                Ok(n) => done += n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                // Refused after all (an unusual device block size, a short
                // write leaving an unaligned rest): the rest goes the
                // ordinary way.
                Err(e) if self.direct && e.kind() == io::ErrorKind::InvalidInput => {
                    self.direct = false;
                    set_direct(&self.file, false);
                }
                Err(e) => return Err(e),
            }
        }
        self.len = 0;
        Ok(())
    }

    /// Write what is left and give the file back, its flags as they were.
    pub fn finish(mut self) -> io::Result<File> {
        if self.direct {
            // Whole aligned blocks may still go direct; the tail may not.
            let whole = self.len / ALIGN * ALIGN;
            if whole > 0 {
                let tail = self.len - whole;
                self.len = whole;
                self.write_block()?;
                let start = self.offset + whole;
                self.storage.copy_within(start..start + tail, self.offset);
                self.len = tail;
            }
            self.direct = false;
            set_direct(&self.file, false);
        }
        if self.len > 0 {
            self.write_block()?;
        }
        Ok(self.file)
    }
}

impl Write for DirectWriter {
    fn write(&mut self, data: &[u8]) -> io::Result<usize> {
        let n = data.len().min(BLOCK - self.len);
        let at = self.offset + self.len;
        self.storage[at..at + n].copy_from_slice(&data[..n]);
        self.len += n;
        if self.len == BLOCK {
            self.write_block()?;
        }
        Ok(n)
    }

    /// Writes nothing: a direct file takes whole blocks only, so the
    /// buffer is written when full and by [`DirectWriter::finish`].
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// Set or clear `O_DIRECT` on `file`; true when it is now set.
#[cfg(target_os = "linux")]
fn set_direct(file: &File, on: bool) -> bool {
    use rustix::fs::{fcntl_getfl, fcntl_setfl, OFlags};
    let Ok(flags) = fcntl_getfl(file) else {
        return false;
    };
    let flags = if on {
        flags | OFlags::DIRECT
    } else {
        flags - OFlags::DIRECT
    };
    fcntl_setfl(file, flags).is_ok() && on
}

#[cfg(not(target_os = "linux"))]
fn set_direct(_file: &File, _on: bool) -> bool {
    false
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::{Read, Seek};

    fn written(pieces: &[Vec<u8>], direct: bool) -> Vec<u8> {
        let dir = tempfile::tempdir().unwrap();
        let f = File::options()
            .read(true)
            .write(true)
            .create_new(true)
            .open(dir.path().join("out"))
            .unwrap();
        let mut w = if direct {
            DirectWriter::new(f)
        } else {
            DirectWriter::buffered(f)
        };
        for p in pieces {
            w.write_all(p).unwrap();
            w.flush().unwrap();
        }
        let mut f = w.finish().unwrap();
        f.rewind().unwrap();
        let mut back = Vec::new();
        f.read_to_end(&mut back).unwrap();
        back
    }

    #[test]
    fn direct_writer_writes_every_byte_in_order() {
        // Sizes around the block and alignment edges, in odd pieces.
        for total in [
            0,
            1,
            ALIGN - 1,
            ALIGN,
            ALIGN + 1,
            BLOCK - 1,
            BLOCK,
            BLOCK + 7,
            2 * BLOCK + ALIGN + 3,
        ] {
            let data: Vec<u8> = (0..total).map(|i| (i * 31 % 251) as u8).collect();
            let pieces: Vec<Vec<u8>> = data.chunks(65_537).map(<[u8]>::to_vec).collect();
            for direct in [true, false] {
                assert_eq!(written(&pieces, direct), data, "{total} bytes, {direct}");
            }
        }
    }

    #[test]
    fn direct_writer_flush_keeps_the_partial_block() {
        let data = b"{\"nodes\":[]}\n".repeat(1000);
        let twice = [data.clone(), data.clone()].concat();
        assert_eq!(written(&[data.clone(), Vec::new(), data], true), twice);
    }
}
