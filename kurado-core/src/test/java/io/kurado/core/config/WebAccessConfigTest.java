package io.kurado.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code web} settings of {@code config}: who may see the UI, and its TLS files. */
class WebAccessConfigTest {
    /** Made by Debian's apache2-utils: {@code htpasswd -nbB alice 'correct horse'}. */
    static final String ALICE = "$2y$05$SwEl.ayWUez1i063ZRuxM.tWCfVWlYT2nEoSVHV.tOLN//1vvZdGG";

    @TempDir
    Path dir;

    private Path write(String configBody) throws IOException {
        Path file = dir.resolve("kurado.yml");
        Files.writeString(file, "config:\n  data_dir: data\n" + configBody);
        return file;
    }

    @Test
    void readsAllowUsersTrustedProxyAndTlsAndNeverShowsAHash() throws IOException {
        TestCertificates.selfSigned(dir, "kurado");
        WebAccess a = ConfigLoader.load(write("""
                  web:
                    allow: [10.0.0.0/8, "192.168.1.7", "fd00::/8"]
                    basic_auth_users:
                      alice: %s
                    trusted_proxy: {header: X-Forwarded-User, from: [10.0.0.5/32]}
                    tls: {cert_file: kurado.crt, key_file: kurado.key}
                """.formatted(ALICE))).settings().access();

        assertThat(a.allow()).extracting(Cidr::toString).containsExactly("10.0.0.0/8", "192.168.1.7/32", "fd00:0:0:0:0:0:0:0/8");
        assertThat(a.users()).containsEntry("alice", ALICE);
        assertThat(a.trustedProxy()).get().extracting(WebAccess.TrustedProxy::header).isEqualTo("X-Forwarded-User");
        assertThat(a.tls()).contains(new WebAccess.TlsFiles(dir.resolve("kurado.crt"), dir.resolve("kurado.key")));
        assertThat(a.toString()).contains("alice").doesNotContain(ALICE);
    }

    @Test
    void peerAuthIsHowThisNodeSignsInToTheOthersAndItsPasswordIsNeverShown() throws IOException {
        WebAccess a = ConfigLoader.load(write("""
                  web:
                    basic_auth_users: {alice: %s}
                    peer_auth: {user: alice, password: "correct horse"}
                """.formatted(ALICE))).settings().access();
        assertThat(a.peerAuth()).contains(new WebAccess.PeerAuth("alice", "correct horse"));
        assertThat(a.peerAuth().get().header()).isEqualTo("Basic YWxpY2U6Y29ycmVjdCBob3JzZQ==");
        assertThat(a.toString()).contains("alice").doesNotContain("correct horse");

        ConfigException e = catchThrowableOfType(() -> ConfigLoader.load(write("""
                  web:
                    peer_auth: {user: "a:b", password: "correct horse", pasword: x}
                """)), ConfigException.class);
        assertThat(e.getMessage()).contains("'web.peer_auth' needs 'user'")
                .contains("unknown setting 'pasword' in 'web.peer_auth'; did you mean 'password'?").doesNotContain("correct horse");
        ConfigException missing = catchThrowableOfType(() -> ConfigLoader.load(write("""
                  web:
                    peer_auth: {user: alice}
                """)), ConfigException.class);
        assertThat(missing.problems()).singleElement().satisfies(p -> assertThat(p.message()).contains("'web.peer_auth' needs 'password'"));
    }

    @Test
    void withoutWebEverythingIsOpenAsInTheOriginal() throws IOException {
        assertThat(ConfigLoader.load(write("")).settings().access()).isEqualTo(WebAccess.OPEN);
    }

    @Test
    void everyWrongSettingIsAProblemWithItsLineAndNoSecretIsRepeated() throws IOException {
        ConfigException e = catchThrowableOfType(() -> ConfigLoader.load(write("""
                  web:
                    allow: [10.0.0.0/33, 10.1.2.3/8, example.com]
                    basic_auth_users:
                      bob: hunter2-in-clear
                    trusted_proxy: {header: X-Forwarded-User}
                    tls: {cert_file: missing.crt, key_file: missing.key}
                    alow: [10.0.0.0/8]
                """)), ConfigException.class);

        assertThat(e.problems()).extracting(ConfigProblem::line).containsExactlyInAnyOrder(4, 4, 4, 6, 7, 8, 9);
        assertThat(e.getMessage())
                .contains("prefix length of '10.0.0.0/33' must be a number from 0 to 32")
                .contains("'10.1.2.3/8' has bits set after its prefix; did you mean 10.0.0.0/8?")
                .contains("'example.com' is not an address range")
                .contains("the password of 'bob' in 'web.basic_auth_users' is not a bcrypt hash")
                .contains("htpasswd -nB bob")
                .contains("'web.trusted_proxy' needs 'from'")
                .contains("cannot read " + dir.resolve("missing.crt"))
                .contains("unknown setting 'alow' in 'web'; did you mean 'allow'?")
                .doesNotContain("hunter2");
    }

    @Test
    void anAccessSettingOutsideWebIsAnErrorNotAWarningSinceIgnoringItWouldOpenTheUi() throws IOException {
        ConfigException e = catchThrowableOfType(() -> ConfigLoader.load(write("  allow: [10.0.0.0/8]\n")), ConfigException.class);
        assertThat(e.problems()).singleElement().satisfies(p -> {
            assertThat(p.line()).isEqualTo(3);
            assertThat(p.message()).isEqualTo("'allow' belongs in the 'web' mapping of 'config' (config: {web: {allow: ...}})");
        });
    }

    @Test
    void aPkcs1RsaKeyIsReadAndAnEcKeyIsRefusedWithTheCommandThatConvertsIt() throws IOException {
        TestCertificates.selfSigned(dir, "kurado");
        TestCertificates.openssl(dir, "rsa", "-in", "kurado.key", "-out", "rsa.key", "-traditional");
        assertThat(Files.readString(dir.resolve("rsa.key"))).startsWith("-----BEGIN RSA PRIVATE KEY-----");
        assertThat(ConfigLoader.load(write("  web: {tls: {cert_file: kurado.crt, key_file: rsa.key}}\n")).settings().access().tls())
                .isPresent();

        TestCertificates.openssl(dir, "ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", "ec.key");
        ConfigException e = catchThrowableOfType(() -> ConfigLoader.load(write("  web: {tls: {cert_file: kurado.crt, key_file: ec.key}}\n")),
                ConfigException.class);
        assertThat(e.problems()).singleElement().satisfies(p -> {
            assertThat(p.line()).isEqualTo(3);
            assertThat(p.message()).contains("EC PRIVATE KEY").contains("openssl pkcs8 -topk8 -nocrypt");
        });
    }

    @Test
    void aKeyThatIsNotTheCertificatesIsRefused() throws IOException {
        TestCertificates.selfSigned(dir, "one");
        TestCertificates.selfSigned(dir, "two");
        ConfigException e = catchThrowableOfType(() -> ConfigLoader.load(write("  web: {tls: {cert_file: one.crt, key_file: two.key}}\n")),
                ConfigException.class);
        assertThat(e.getMessage()).contains("is not the key of the first certificate in");
    }

    @Test
    void rangesHoldTheirAddressesAndTheMappedFormOfIpv4() throws Exception {
        Cidr lan = Cidr.parse("192.168.0.0/16");
        assertThat(lan.contains(InetAddress.getByName("192.168.3.4"))).isTrue();
        assertThat(lan.contains(InetAddress.getByName("192.169.0.1"))).isFalse();
        assertThat(lan.contains(InetAddress.getByName("::ffff:192.168.3.4"))).isTrue();
        assertThat(Cidr.parse("::1").contains(InetAddress.getByName("::1"))).isTrue();
        assertThat(Cidr.parse("0.0.0.0/0").contains(InetAddress.getByName("8.8.8.8"))).isTrue();
        assertThat(List.of("10.0.0.256/8", "10.0.0.0/", "host/8", "")).allSatisfy(bad ->
                assertThat(catchThrowableOfType(() -> Cidr.parse(bad), IllegalArgumentException.class)).isNotNull());
    }
}
