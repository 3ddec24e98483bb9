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
//! ordinary way. The bytes in the file are the same either way. Blocks are
//! written by a thread of the writer's own while the next one fills.

use std::fs::File;
use std::io::{self, Write};
use std::sync::mpsc::{sync_channel, Receiver, SyncSender};

/// Block alignment and size unit of direct writes: a multiple of every
/// device's logical block size in use (512 or 4096).
const ALIGN: usize = 4096;
/// Bytes gathered before a block is written.
const BLOCK: usize = 4 << 20;

/// A buffered writer to a file, written with `O_DIRECT` where possible.
/// Full blocks are written by a thread of its own while the next block
/// fills (a direct write waits for the device: the serialising threads
/// should not). Call [`DirectWriter::finish`] to write the rest: data in
/// the buffer is not written on drop.
pub struct DirectWriter {
    /// The block being filled (`None` only while handing it over).
    block: Option<Block>,
    len: usize,
    /// A free block, when the writing thread has given one back.
    spare: Option<Block>,
    /// Blocks to write: (block, bytes, last).
    jobs: SyncSender<(Block, usize, bool)>,
    /// Blocks written, for reuse.
    done: Receiver<Block>,
    thread: Option<std::thread::JoinHandle<io::Result<File>>>,
}

/// `BLOCK` bytes aligned to `ALIGN`, inside a vector a little larger.
struct Block {
    storage: Vec<u8>,
    offset: usize,
}

impl Block {
    fn new() -> Block {
        let storage = vec![0u8; BLOCK + ALIGN];
        let offset = storage.as_ptr().align_offset(ALIGN);
        Block { storage, offset }
    }
    fn bytes(&self, len: usize) -> &[u8] {
        &self.storage[self.offset..self.offset + len]
    }
    fn bytes_mut(&mut self) -> &mut [u8] {
        &mut self.storage[self.offset..self.offset + BLOCK]
    }
}

/// The file as the writing thread holds it.
struct Sink {
    file: File,
    direct: bool,
}

impl Sink {
    /// Write `bytes` (a whole block while direct).
    fn write_all(&mut self, bytes: &[u8]) -> io::Result<()> {
        let mut done = 0;
        while done < bytes.len() {
            match (&self.file).write(&bytes[done..]) {
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
        Ok(())
    }

    /// Write the last bytes and give the file back, its flags as they were.
    fn finish(mut self, bytes: &[u8]) -> io::Result<File> {
        if self.direct {
            // Whole aligned blocks may still go direct; the tail may not.
            let whole = bytes.len() / ALIGN * ALIGN;
            self.write_all(&bytes[..whole])?;
            self.direct = false;
            set_direct(&self.file, false);
            self.write_all(&bytes[whole..])?;
        } else {
            self.write_all(bytes)?;
        }
        Ok(self.file)
    }
}

/// The writing thread: blocks in order, then the last one. Stops at the
/// first error, which [`DirectWriter`] reads from the thread's result.
fn write_blocks(
    mut sink: Sink,
    jobs: Receiver<(Block, usize, bool)>,
    done: SyncSender<Block>,
) -> io::Result<File> {
    while let Ok((block, len, last)) = jobs.recv() {
        if last {
            return sink.finish(block.bytes(len));
        }
        sink.write_all(block.bytes(len))?;
        // The writer may be gone (dropped after a failure elsewhere).
        let _ = done.send(block);
    }
    Err(io::Error::other("output abandoned before it was finished"))
}

impl DirectWriter {
    /// Write to `file` (a new, empty file open for writing).
    pub fn new(file: File) -> io::Result<DirectWriter> {
        let direct = set_direct(&file, true);
        Self::start(Sink { file, direct })
    }

    fn start(sink: Sink) -> io::Result<DirectWriter> {
        let (jobs, todo) = sync_channel(1);
        let (give_back, done) = sync_channel(2);
        let thread = std::thread::Builder::new()
            .name("govgraph-writer".into())
            .spawn(move || write_blocks(sink, todo, give_back))?;
        Ok(DirectWriter {
            block: Some(Block::new()),
            len: 0,
            spare: Some(Block::new()),
            jobs,
            done,
            thread: Some(thread),
        })
    }

    /// The writing thread's error, once it has stopped.
    fn thread_error(&mut self) -> io::Error {
        match self.thread.take().map(std::thread::JoinHandle::join) {
            Some(Ok(Err(e))) => e,
            Some(Err(_)) => io::Error::other("the output writer thread failed"),
            _ => io::Error::other("the output writer stopped"),
        }
    }

    /// Hand the full block to the writing thread and take a free one.
    fn hand_over(&mut self) -> io::Result<()> {
        let next = match self.spare.take() {
            Some(b) => b,
            None => match self.done.recv() {
                Ok(b) => b,
                Err(_) => return Err(self.thread_error()),
            },
        };
        let full = self.block.replace(next).expect("a block being filled");
        if self.jobs.send((full, BLOCK, false)).is_err() {
            return Err(self.thread_error());
        }
        self.len = 0;
        Ok(())
    }

    /// Write what is left and give the file back, its flags as they were.
    pub fn finish(mut self) -> io::Result<File> {
        let last = self.block.take().expect("a block being filled");
        if self.jobs.send((last, self.len, true)).is_err() {
            return Err(self.thread_error());
        }
        match self.thread.take().map(std::thread::JoinHandle::join) {
            Some(Ok(r)) => r,
            _ => Err(io::Error::other("the output writer thread failed")),
        }
    }
}

impl Write for DirectWriter {
    fn write(&mut self, data: &[u8]) -> io::Result<usize> {
        let n = data.len().min(BLOCK - self.len);
        let at = self.len;
        let block = self.block.as_mut().expect("a block being filled");
        block.bytes_mut()[at..at + n].copy_from_slice(&data[..n]);
        self.len += n;
        if self.len == BLOCK {
            self.hand_over()?;
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
            DirectWriter::new(f).unwrap()
        } else {
            // The ordinary path, whatever the file system allows.
            set_direct(&f, false);
            DirectWriter::start(Sink {
                file: f,
                direct: false,
            })
            .unwrap()
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
    fn direct_writer_reports_a_failed_write() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out");
        std::fs::write(&path, b"").unwrap();
        // Open for reading only: every write fails.
        let block = vec![7u8; BLOCK];
        let mut w = DirectWriter::new(File::open(&path).unwrap()).unwrap();
        let mut failed = None;
        for _ in 0..4 {
            if let Err(e) = w.write_all(&block) {
                failed = Some(e);
                break;
            }
        }
        // Found while writing (the third block waits for the first) …
        assert!(failed.is_some(), "a failed block write is reported");
        // … or at the end, for what was buffered.
        let mut w = DirectWriter::new(File::open(&path).unwrap()).unwrap();
        w.write_all(b"tail").unwrap();
        assert!(w.finish().is_err());
        // Dropped unfinished: nothing hangs, the thread ends.
        let mut w = DirectWriter::new(File::open(&path).unwrap()).unwrap();
        w.write_all(&block).unwrap();
        drop(w);
    }

    #[test]
    fn direct_writer_flush_keeps_the_partial_block() {
        let data = b"{\"nodes\":[]}\n".repeat(1000);
        let twice = [data.clone(), data.clone()].concat();
        assert_eq!(written(&[data.clone(), Vec::new(), data], true), twice);
    }
}
