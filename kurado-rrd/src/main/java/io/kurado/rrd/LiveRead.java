package io.kurado.rrd;

import io.kurado.api.KuradoException;
import io.kurado.api.storage.SeriesData;
import io.kurado.api.storage.SeriesQuery;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.InstantSource;
import java.util.Optional;

/**
 * Reads a series as it is now, in the process that writes its file: the file as it will be once the
 * samples still waiting in memory are written, without writing it.
 *
 * <p>The file's layout and state are held in memory ({@link FileState}), so a read costs only the
 * reads of the rows the query draws, and none at all when the waiting samples' changes hold them.
 * Waiting samples are applied to a {@link FileState#copy() copy} of the state with the writer's own
 * arithmetic, and the bytes that writing them would change ({@link FileState#changes}) are laid over
 * what the file holds. So the answer is, point for point, what writing the file and then reading it
 * would give, while the file is written only when the writer decides: reads never add writes, and
 * never break up the writes that ten samples at a time would be.
 *
 * <p>A series without a file yet is read from the image of its new file, built in memory as the
 * writer builds it; a write that failed part way is read with its bytes laid over the file, as the
 * writer finishes it first. The caller holds the series' lock.
 */
final class LiveRead {
    private final FileWriter writer;
    private final InstantSource clock;
    private final ThreadLocal<Regions> changes = ThreadLocal.withInitial(Regions::new);

    LiveRead(FileWriter writer, InstantSource clock) {
        this.writer = writer;
        this.clock = clock;
    }

    /**
     * @param s the series, locked by the caller
     * @param query the query
     * @return its points, or empty when it has neither a file nor waiting samples
     * @throws BrokenFileException when its file turns out not to be sound
     * @throws IOException when its file cannot be read
     */
    Optional<SeriesData> read(Series s, SeriesQuery query) throws IOException {
        try (LazyFile file = new LazyFile(s.file)) {
            FileState base;
            FileLayout.Reader in = file;
            if (s.unfinished != null) {
                in = finishedView(file, s.unfinished);
                base = FileState.read(file.size(), in);
            } else {
                if (!s.looked && !writer.look(s)) {
                    throw new KuradoException(s.problem == null ? "cannot read " + writer.name(s) : s.problem);
                }
                base = s.state;
            }
            if (base == null) {
                return s.waiting == 0 ? Optional.empty() : Optional.of(readNewFile(s, query));
            }
            if (s.waiting == 0 && !base.dirty()) {
                return Optional.of(SeriesReader.read(base.layout, base.lastUpdate(), base::pointer, in, query));
            }
            FileState next = base.copy();
            next.updateNewer(s.times, s.values, s.waiting);
            Regions r = changes.get();
            r.clear();
            next.changes(r);
            return Optional.of(SeriesReader.read(next.layout, next.lastUpdate(), next::pointer, new Overlay(in, r), query));
        }
    }

    /** The file of a series that has none yet, as the writer will create it, read from memory. */
    private SeriesData readNewFile(Series s, SeriesQuery query) throws IOException {
        ByteBuffer image = ByteBuffer.allocate(NewFiles.size()).order(FileLayout.ORDER);
        NewFiles.image(image, s.ref.key().type(), FileWriter.newFileStart(s, clock.instant().getEpochSecond()));
        FileState st = FileState.ofNewFile(s.ref.key().type(), image);
        st.updateNewer(s.times, s.values, s.waiting);
        Regions r = changes.get();
        r.clear();
        st.changes(r);
        r.applyTo(image);
        return SeriesReader.read(st.layout, st.lastUpdate(), st::pointer, (into, position) -> {
            int n = (int) Math.min(into.remaining(), image.capacity() - position);
            if (n <= 0) {
                return -1;
            }
            into.put(image.slice((int) position, n));
            return n;
        }, query);
    }

    /** The file with the bytes of a write that failed part way, when it still needs them (as the writer checks). */
    private static FileLayout.Reader finishedView(LazyFile file, FileWriter.Unfinished u) throws IOException {
        if (FileLayout.lastUpdate(file.size(), file) != u.before) {
            return file;
        }
        Regions r = new Regions();
        for (int i = 0; i < u.offsets.length; i++) {
            r.region(u.offsets[i], u.bytes[i].length).put(u.bytes[i]);
        }
        return new Overlay(file, r);
    }

    /** A file opened at its first read, for reading. */
    private static final class LazyFile implements FileLayout.Reader, AutoCloseable {
        private final Path path;
        private FileChannel ch;

        LazyFile(Path path) {
            this.path = path;
        }

        private FileChannel channel() throws IOException {
            if (ch == null) {
                ch = FileChannel.open(path, StandardOpenOption.READ);
            }
            return ch;
        }

        long size() throws IOException {
            return channel().size();
        }

        @Override
        public int read(ByteBuffer into, long position) throws IOException {
            return channel().read(into, position);
        }

        @Override
        public void close() throws IOException {
            if (ch != null) {
                ch.close();
            }
        }
    }

    /**
     * Reads a file with byte ranges laid over it. A read that one range holds whole does not touch
     * the file.
     */
    private static final class Overlay implements FileLayout.Reader {
        private final FileLayout.Reader under;
        private final Regions over;

        Overlay(FileLayout.Reader under, Regions over) {
            this.under = under;
            this.over = over;
        }

        @Override
        public int read(ByteBuffer into, long position) throws IOException {
            int want = into.remaining();
            for (int i = 0; i < over.count(); i++) {
                long from = over.offset(i);
                if (from <= position && position + want <= from + over.length(i)) {
                    ByteBuffer b = over.bytes(i);
                    into.put(b.position(b.position() + (int) (position - from)).limit(b.position() + want));
                    return want;
                }
            }
            int start = into.position();
            int n = under.read(into, position);
            if (n <= 0) {
                return n;
            }
            long end = position + n;
            for (int i = 0; i < over.count(); i++) {
                long from = Math.max(position, over.offset(i));
                long to = Math.min(end, over.offset(i) + over.length(i));
                if (from < to) {
                    ByteBuffer b = over.bytes(i);
                    into.put(start + (int) (from - position), b, b.position() + (int) (from - over.offset(i)), (int) (to - from));
                }
            }
            return n;
        }
    }
}
