package io.kurado.plugins.base;

/** Resolves device-mapper names: {@code dm-0} → {@code mapper/vg-root}. */
final class DeviceMapper {
    private DeviceMapper() {}

    /**
     * @param system the files to read
     * @param device a kernel device name; only {@code dm-N} names are translated
     * @return {@code mapper/<name>} for a device-mapper device, else the device unchanged
     * @throws CollectorException when a {@code dm-N} device has no name
     */
    static String translate(SystemRoot system, String device) {
        if (!device.startsWith("dm-")) {
            return device;
        }
        var name = system.readIfExists("/sys/block/" + device + "/dm/name").map(String::strip).filter(s -> !s.isEmpty());
        if (name.isPresent()) {
            return "mapper/" + name.get();
        }
        for (String entry : system.list("/dev/mapper")) {
            try {
                var link = java.nio.file.Files.readSymbolicLink(system.resolve("/dev/mapper/" + entry)).toString();
                int dm = link.lastIndexOf("dm-");
                if (dm >= 0 && link.substring(dm).equals(device)) {
                    return "mapper/" + entry;
                }
            } catch (java.io.IOException | UnsupportedOperationException e) {
                // not a symbolic link: not a device-mapper node
            }
        }
        throw new CollectorException("cannot resolve " + device);
    }
}
