package io.kurado.core.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Certificates and keys made at test time by {@code openssl}, as a user would make them. */
public final class TestCertificates {
    private TestCertificates() {}

    /**
     * A self-signed certificate for 127.0.0.1 and localhost with its PKCS#8 RSA key.
     *
     * @param dir where to write {@code NAME.crt} and {@code NAME.key}
     * @param name the files' name
     * @return {certificate, key}
     */
    public static Path[] selfSigned(Path dir, String name) {
        Path cert = dir.resolve(name + ".crt");
        Path key = dir.resolve(name + ".key");
        openssl(dir, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key.toString(), "-out", cert.toString(),
                "-days", "2", "-subj", "/CN=" + name, "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost");
        return new Path[] {cert, key};
    }

    /**
     * Runs {@code openssl} with the arguments and waits for it.
     *
     * @param dir the working directory
     * @param args the arguments
     * @return what it printed
     */
    public static String openssl(Path dir, String... args) {
        List<String> cmd = new ArrayList<>(List.of("openssl"));
        cmd.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int rc = p.waitFor();
            if (rc != 0) {
                throw new IllegalStateException(String.join(" ", cmd) + " failed (" + rc + "): " + out);
            }
            return out;
        } catch (IOException e) {
            throw new IllegalStateException("cannot run openssl (install it: apt-get install openssl): " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
