package io.kurado.rrd;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;
import java.util.stream.Stream;

/**
 * The kernel limits that bound how many RRD files may stay open: file descriptors
 * ({@code /proc/self/limits}) and memory mappings ({@code /proc/sys/vm/max_map_count}, minus what
 * the process already maps).
 *
 * @param openFiles the soft limit of open files, or empty when unknown
 * @param maxMapCount the most mappings a process may hold, or empty when unknown
 * @param mappingsInUse the mappings the process holds now (0 when unknown)
 */
record KernelLimits(OptionalLong openFiles, OptionalLong maxMapCount, long mappingsInUse) {
    /** Descriptors left for sockets, jars, logs and everything else (at least; a quarter when more). */
    static final long DESCRIPTOR_RESERVE = 256;
    /** Mappings left for thread stacks, heap growth, jars and direct buffers. */
    static final long MAPPING_RESERVE = 4096;

    /** @return the limits of this process, read from {@code /proc} (empty values elsewhere) */
    static KernelLimits read() {
        return new KernelLimits(readOpenFiles(Path.of("/proc/self/limits")),
                readNumber(Path.of("/proc/sys/vm/max_map_count")), countLines(Path.of("/proc/self/maps")));
    }

    /** @return how many files may be open through file descriptors, or empty when unbounded/unknown */
    OptionalLong descriptorBudget() {
        if (openFiles.isEmpty()) {
            return OptionalLong.empty();
        }
        long l = openFiles.getAsLong();
        return OptionalLong.of(Math.max(16, l - Math.max(DESCRIPTOR_RESERVE, l / 4)));
    }

    /** @return how many files may be mapped, or empty when unknown */
    OptionalLong mappingBudget() {
        if (maxMapCount.isEmpty()) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(Math.max(0, maxMapCount.getAsLong() - mappingsInUse - MAPPING_RESERVE));
    }

    static OptionalLong readOpenFiles(Path limits) {
        try (Stream<String> lines = Files.lines(limits, StandardCharsets.UTF_8)) {
            return lines.filter(l -> l.startsWith("Max open files"))
                    .map(l -> l.substring("Max open files".length()).strip().split("\\s+")[0])
                    .filter(s -> s.chars().allMatch(Character::isDigit) && !s.isEmpty())
                    .mapToLong(Long::parseLong)
                    .findFirst();
        } catch (IOException | RuntimeException e) {
            return OptionalLong.empty();
        }
    }

    private static OptionalLong readNumber(Path file) {
        // Read line by line: procfs files report a size of 0, which whole-file reads trip over.
        try (Stream<String> lines = Files.lines(file, StandardCharsets.US_ASCII)) {
            return lines.map(String::strip).filter(s -> !s.isEmpty()).mapToLong(Long::parseLong).findFirst();
        } catch (IOException | RuntimeException e) {
            return OptionalLong.empty();
        }
    }

    private static long countLines(Path file) {
        try (Stream<String> lines = Files.lines(file, StandardCharsets.ISO_8859_1)) {
            return lines.count();
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }
}
