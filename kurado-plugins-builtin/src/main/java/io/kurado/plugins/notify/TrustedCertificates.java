package io.kurado.plugins.notify;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

/** Certificates of a PEM file ({@code ca_file}) as the only ones a TLS connection trusts. */
final class TrustedCertificates {
    private TrustedCertificates() {}

    /**
     * @param pem a file of PEM certificates
     * @return its certificates
     * @throws IOException when it cannot be read
     * @throws GeneralSecurityException when it holds none, or something else
     */
    static List<Certificate> read(Path pem) throws IOException, GeneralSecurityException {
        try (InputStream in = Files.newInputStream(pem)) {
            List<Certificate> certificates = new ArrayList<>(CertificateFactory.getInstance("X.509").generateCertificates(in));
            if (certificates.isEmpty()) {
                throw new GeneralSecurityException("it holds no certificate");
            }
            return List.copyOf(certificates);
        }
    }

    /**
     * @param pem a file of PEM certificates
     * @return a socket factory whose connections trust those certificates only
     * @throws IOException when the file cannot be read
     * @throws GeneralSecurityException when it holds no certificate
     */
    static SSLSocketFactory socketFactory(Path pem) throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        int n = 0;
        for (Certificate c : read(pem)) {
            store.setCertificateEntry("ca-" + n++, c);
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(store);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, tmf.getTrustManagers(), null);
        return tls.getSocketFactory();
    }
}
