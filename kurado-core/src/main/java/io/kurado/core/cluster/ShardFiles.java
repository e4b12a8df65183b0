package io.kurado.core.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kurado.api.KuradoException;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;
import java.util.zip.CRC32C;

/**
 * Copies the files of one shard's hosts from another node into a data directory, so that a node
 * that takes a shard over starts with its whole history.
 *
 * <p>The holder's web UI answers {@code GET /-/shard-files?shard=N&shards=M} with the hosts of the
 * shard that have files there, and {@code …&address=A} with the files of one host, after its
 * storage has put every waiting sample into them, as a framed stream: {@code KURADO-FILES 1\n},
 * then per file {@code 'F'}, the path under the data directory (16-bit length, UTF-8, {@code /}
 * between names), the size (64 bits), the bytes and their CRC-32C (32 bits), and at the end
 * {@code 'E'}, the number of files (32 bits) and of bytes (64 bits). Numbers are big-endian.
 *
 * <p>{@link #copy} writes everything into a temporary directory inside the data directory first and
 * checks every size, checksum and the end mark; only then does it move each host's directory into
 * place (one rename each, an older directory of the host moved aside and removed). A copy that
 * fails leaves the data directory as it was and says which node and why. The node that will write
 * the shard must not write it during the copy.
 */
public final class ShardFiles {
    /** The page of the web UI that serves a shard's files. */
    public static final String PATH = "/-/shard-files";
    private static final byte[] MAGIC = "KURADO-FILES 1\n".getBytes(StandardCharsets.US_ASCII);
    private static final Duration FIRST_BYTE = Duration.ofSeconds(60);
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final PeerClient client;

    /** @param client asks the node that has the files (its sign-in and TLS trust) */
    public ShardFiles(PeerClient client) {
        this.client = Objects.requireNonNull(client, "client");
    }

    /**
     * What a copy brought.
     *
     * @param shard the shard
     * @param hosts the addresses of the hosts whose files were copied
     * @param files how many files
     * @param bytes how many bytes
     */
    public record Copied(int shard, List<String> hosts, int files, long bytes) {
        /** Copies the list. */
        public Copied {
            hosts = List.copyOf(hosts);
        }
    }

    /**
     * Copies a shard from a node that does not ask to sign in.
     *
     * @param peer where the node's web UI answers, e.g. {@code http://10.0.0.2:5434/}
     * @param shard the shard, from 0
     * @param shardCount the number of shards of the shard map
     * @param dataDir this node's data directory
     * @return what was copied
     * @throws KuradoException naming the node and the cause when anything fails; the data
     *     directory is then as it was
     */
    public static Copied copyShard(URI peer, int shard, int shardCount, Path dataDir) {
        return new ShardFiles(PeerClient.open()).copy(peer, shard, shardCount, dataDir);
    }

    /**
     * Copies a shard's files from a node into a data directory, atomically per host.
     *
     * @param peer where the node's web UI answers, e.g. {@code http://10.0.0.2:5434/}
     * @param shard the shard, from 0
     * @param shardCount the number of shards of the shard map
     * @param dataDir this node's data directory
     * @return what was copied
     * @throws KuradoException naming the node and the cause when anything fails; the data
     *     directory is then as it was
     */
    public Copied copy(URI peer, int shard, int shardCount, Path dataDir) {
        if (shardCount < 1 || shard < 0 || shard >= shardCount) {
            throw new IllegalArgumentException("shard " + shard + " is not one of " + shardCount + " shards");
        }
        String who = "copying shard " + shard + " from the node at " + peer;
        Path base = dataDir.toAbsolutePath().normalize();
        Path temp;
        try {
            Files.createDirectories(base);
            temp = Files.createTempDirectory(base, ".shard-" + shard + "-copy-");
        } catch (IOException e) {
            throw new KuradoException(who + " failed: cannot make a temporary directory in " + base + ": " + e.getMessage(), e);
        }
        try {
            String shardQuery = PeerClient.query("shard", Integer.toString(shard), "shards", Integer.toString(shardCount));
            PeerClient.Answer list = client.get(peer.toString(), peer, PATH + shardQuery, java.util.Map.of(), FIRST_BYTE);
            if (list.status() != 200) {
                throw new KuradoException("it answered " + list.status() + ": " + list.text().strip());
            }
            List<String> hosts = hosts(list.body());
            int files = 0;
            long bytes = 0;
            Set<String> dirs = new LinkedHashSet<>();
            for (String address : hosts) {
                String q = shardQuery + "&" + PeerClient.query("address", address).substring(1);
                HttpResponse<InputStream> r = client.stream(peer.toString(), peer, PATH + q, FIRST_BYTE);
                try (InputStream in = r.body()) {
                    if (r.statusCode() != 200) {
                        throw new KuradoException("it answered " + r.statusCode() + " for the files of " + address + ": "
                                + new String(in.readNBytes(2000), StandardCharsets.UTF_8).strip());
                    }
                    Received got = receive(in, temp);
                    files += got.files;
                    bytes += got.bytes;
                    dirs.addAll(got.dirs);
                } catch (KuradoException e) {
                    throw new KuradoException("the files of " + address + ": " + e.getMessage(), e);
                }
            }
            install(temp, base, dirs);
            return new Copied(shard, hosts, files, bytes);
        } catch (IOException e) {
            throw new KuradoException(who + " failed: " + e.getMessage(), e);
        } catch (UncheckedIOException e) {
            throw new KuradoException(who + " failed: " + e.getCause().getMessage(), e);
        } catch (KuradoException e) {
            throw new KuradoException(who + " failed: " + e.getMessage(), e);
        } finally {
            deleteTree(temp);
        }
    }

    private static List<String> hosts(byte[] body) {
        JsonNode n;
        try {
            n = MAPPER.readTree(body);
        } catch (IOException e) {
            throw new KuradoException("its list of hosts is not JSON: " + e.getMessage(), e);
        }
        if (!n.path("hosts").isArray()) {
            throw new KuradoException("its list of hosts has no 'hosts'");
        }
        List<String> out = new ArrayList<>();
        n.get("hosts").forEach(h -> out.add(h.asText()));
        return out;
    }

    /** Moves each host's directory into place, an older one first aside into the temporary directory. */
    private static void install(Path temp, Path base, Set<String> dirs) throws IOException {
        Path aside = temp.resolve(".replaced");
        Files.createDirectories(aside);
        for (String d : dirs) {
            Path target = base.resolve(d);
            if (Files.exists(target)) {
                Files.move(target, aside.resolve(d), StandardCopyOption.ATOMIC_MOVE);
            }
            Files.move(temp.resolve(d), target, StandardCopyOption.ATOMIC_MOVE);
        }
    }

    private record Received(int files, long bytes, Set<String> dirs) {}

    /** Reads one framed stream into a directory, checking every size and checksum and the end mark. */
    static Received receive(InputStream raw, Path into) throws IOException {
        DataInputStream in = new DataInputStream(raw);
        int files = 0;
        long bytes = 0;
        Set<String> dirs = new LinkedHashSet<>();
        try {
            byte[] magic = in.readNBytes(MAGIC.length);
            if (!java.util.Arrays.equals(magic, MAGIC)) {
                throw new KuradoException("the answer is not a stream of files (it does not start with KURADO-FILES 1)");
            }
            byte[] buf = new byte[64 * 1024];
            while (true) {
                int tag = in.read();
                if (tag == 'E') {
                    int n = in.readInt();
                    long total = in.readLong();
                    if (n != files || total != bytes) {
                        throw new KuradoException("the stream ends with " + n + " files of " + total + " bytes, but " + files
                                + " files of " + bytes + " bytes came");
                    }
                    return new Received(files, bytes, dirs);
                }
                if (tag < 0) {
                    throw new EOFException();
                }
                if (tag != 'F') {
                    throw new KuradoException("the stream is damaged after " + files + " files");
                }
                byte[] name = new byte[in.readUnsignedShort()];
                in.readFully(name);
                String rel = new String(name, StandardCharsets.UTF_8);
                Path target = safe(into, rel);
                long size = in.readLong();
                if (size < 0) {
                    throw new KuradoException("the stream gives " + rel + " a negative size");
                }
                Files.createDirectories(target.getParent());
                CRC32C crc = new CRC32C();
                try (OutputStream out = Files.newOutputStream(target)) {
                    long left = size;
                    while (left > 0) {
                        int n = in.read(buf, 0, (int) Math.min(buf.length, left));
                        if (n < 0) {
                            throw new EOFException();
                        }
                        crc.update(buf, 0, n);
                        out.write(buf, 0, n);
                        left -= n;
                    }
                }
                int sum = in.readInt();
                if (sum != (int) crc.getValue()) {
                    throw new KuradoException("the checksum of " + rel + " does not match its bytes");
                }
                files++;
                bytes += size;
                dirs.add(rel.substring(0, rel.indexOf('/')));
            }
        } catch (EOFException e) {
            throw new KuradoException("the stream was cut short after " + files + " whole files (" + bytes
                    + " bytes); nothing was installed", e);
        }
    }

    /** @return where a path the stream names goes, refusing one that would leave the directory or name a hidden file */
    private static Path safe(Path into, String rel) {
        String[] parts = rel.split("/", -1);
        if (parts.length < 2) {
            throw new KuradoException("the stream names '" + rel + "', which is not in a host's directory");
        }
        for (String p : parts) {
            if (p.isEmpty() || p.startsWith(".") || p.contains("\\") || p.indexOf('\0') >= 0) {
                throw new KuradoException("the stream names '" + rel + "', which is not a path inside the data directory");
            }
        }
        Path t = into.resolve(rel).normalize();
        if (!t.startsWith(into) || t.equals(into)) {
            throw new KuradoException("the stream names '" + rel + "', which leaves the data directory");
        }
        return t;
    }

    /**
     * Writes the files under some directories as one framed stream, for the page that serves them.
     *
     * @param dataDir the data directory the paths are relative to
     * @param hostDirs the hosts' directories (those that do not exist are skipped)
     * @return the stream
     */
    public static byte[] stream(Path dataDir, List<Path> hostDirs) {
        Path base = dataDir.toAbsolutePath().normalize();
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(buf)) {
            out.write(MAGIC);
            int files = 0;
            long bytes = 0;
            for (Path dir : hostDirs) {
                Path d = dir.toAbsolutePath().normalize();
                if (!Files.isDirectory(d) || !d.startsWith(base)) {
                    continue;
                }
                List<Path> all;
                try (Stream<Path> s = Files.walk(d)) {
                    all = s.filter(Files::isRegularFile).sorted().toList();
                }
                for (Path f : all) {
                    String rel = base.relativize(f).toString().replace(java.io.File.separatorChar, '/');
                    if (java.util.Arrays.stream(rel.split("/")).anyMatch(p -> p.startsWith("."))) {
                        continue;
                    }
                    byte[] content;
                    try {
                        content = Files.readAllBytes(f);
                    } catch (java.nio.file.NoSuchFileException gone) {
                        continue;
                    }
                    byte[] name = rel.getBytes(StandardCharsets.UTF_8);
                    out.writeByte('F');
                    out.writeShort(name.length);
                    out.write(name);
                    out.writeLong(content.length);
                    out.write(content);
                    CRC32C crc = new CRC32C();
                    crc.update(content);
                    out.writeInt((int) crc.getValue());
                    files++;
                    bytes += content.length;
                }
            }
            out.writeByte('E');
            out.writeInt(files);
            out.writeLong(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return buf.toByteArray();
    }

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.delete(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path d, IOException exc) throws IOException {
                    Files.delete(d);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            // what is left is a hidden directory of a failed copy; the next copy makes another
        }
    }
}
