package io.kurado.plugins.base;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The files of a Linux system ({@code /proc}, {@code /sys}, {@code /dev}) seen under a root
 * directory: {@code /} on a live host, a captured tree in tests. Every path given to it is
 * absolute as on the host ({@code /proc/meminfo}) and is resolved under the root.
 *
 * @since 0.1
 */
public final class SystemRoot {
    private static final SystemRoot HOST = new SystemRoot(Path.of("/"));

    private final Path root;

    /**
     * @param root the directory that stands for {@code /}
     */
    public SystemRoot(Path root) {
        this.root = Objects.requireNonNull(root, "root").toAbsolutePath();
    }

    /** @return the files of the running host */
    public static SystemRoot host() {
        return HOST;
    }

    /** @return the directory that stands for {@code /} */
    public Path root() {
        return root;
    }

    /**
     * @param absolutePath a path as on the host, starting with {@code /}
     * @return where it is under the root
     */
    public Path resolve(String absolutePath) {
        String relative = absolutePath;
        while (relative.startsWith("/")) {
            relative = relative.substring(1);
        }
        return relative.isEmpty() ? root : root.resolve(relative);
    }

    /**
     * Reads a whole file as UTF-8 (malformed bytes are replaced).
     *
     * @param absolutePath a path as on the host
     * @return its text
     * @throws CollectorException when it cannot be read, naming the path
     */
    public String read(String absolutePath) {
        try {
            return new String(Files.readAllBytes(resolve(absolutePath)), StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new CollectorException("cannot read " + absolutePath + ": no such file");
        } catch (IOException e) {
            throw new CollectorException("cannot read " + absolutePath + ": " + e.getMessage());
        }
    }

    /**
     * Reads a file if it exists.
     *
     * @param absolutePath a path as on the host
     * @return its text, or empty when it does not exist or cannot be read
     */
    public Optional<String> readIfExists(String absolutePath) {
        try {
            return Optional.of(new String(Files.readAllBytes(resolve(absolutePath)), StandardCharsets.UTF_8));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /**
     * Reads a file's lines.
     *
     * @param absolutePath a path as on the host
     * @return its lines without their line ends
     * @throws CollectorException when it cannot be read, naming the path
     */
    public List<String> lines(String absolutePath) {
        return read(absolutePath).lines().toList();
    }

    /**
     * Lists the names in a directory, sorted as a shell glob sorts them.
     *
     * @param absolutePath a directory as on the host
     * @return the entry names, or empty when the directory does not exist
     * @throws CollectorException when it exists but cannot be listed
     */
    public List<String> list(String absolutePath) {
        Path dir = resolve(absolutePath);
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<String> names = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path p : entries) {
                names.add(p.getFileName().toString());
            }
        } catch (IOException e) {
            throw new CollectorException("cannot list " + absolutePath + ": " + e.getMessage());
        }
        names.sort(null);
        return names;
    }

    @Override
    public String toString() {
        return root.toString();
    }
}
