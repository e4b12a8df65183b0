package io.kurado.examples.cli;

import picocli.CommandLine;

/** Reads the version from the jar's manifest. */
public final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        String v = KuradoCommand.class.getPackage().getImplementationVersion();
        return new String[] {
            "Kurado " + (v == null ? "(development build)" : v),
            "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")"
        };
    }
}
