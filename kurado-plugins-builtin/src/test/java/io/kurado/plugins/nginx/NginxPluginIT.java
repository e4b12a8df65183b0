package io.kurado.plugins.nginx;

import static org.assertj.core.api.Assertions.assertThat;

import io.kurado.core.testkit.FetchRun;
import io.kurado.core.testkit.PluginTestKit;
import io.kurado.plugins.support.LocalServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NginxPluginIT {
    @TempDir
    Path dir;

    @Test
    void readsStubStatusOfARealNginx() throws Exception {
        Files.createDirectories(dir.resolve("logs"));
        try (LocalServer nginx = LocalServer.start("/usr/sbin/nginx", dir, port -> {
            write(dir.resolve("nginx.conf"), """
                    daemon off;
                    master_process off;
                    worker_processes 1;
                    pid %1$s/nginx.pid;
                    error_log %1$s/logs/error.log;
                    events { worker_connections 64; }
                    http {
                        access_log off;
                        client_body_temp_path %1$s/body;
                        proxy_temp_path %1$s/proxy;
                        fastcgi_temp_path %1$s/fastcgi;
                        uwsgi_temp_path %1$s/uwsgi;
                        scgi_temp_path %1$s/scgi;
                        server {
                            listen 127.0.0.1:%2$d;
                            location /nginx_status { stub_status; }
                        }
                    }
                    """.formatted(dir, port));
            return List.of("/usr/sbin/nginx", "-p", dir.toString(), "-c", dir.resolve("nginx.conf").toString());
        })) {
            FetchRun run = PluginTestKit.fetcher("nginx").address("127.0.0.1").arguments(Integer.toString(nginx.port())).run()
                    .assertSucceeded();
            FetchRun again = PluginTestKit.fetcher("nginx").address("127.0.0.1").arguments(Integer.toString(nginx.port())).run()
                    .assertSucceeded();

            assertThat(run.keys()).containsExactlyInAnyOrder("read.gauge", "write.gauge", "wait.gauge", "reqs.derive");
            assertThat(run.value("write.gauge")).as("the status request itself is being written").isGreaterThanOrEqualTo(1);
            assertThat(again.value("reqs.derive")).isGreaterThan(run.value("reqs.derive"));
            assertThat(run.meta().get("server")).startsWith("nginx");
            PluginTestKit.check("nginx").afterFetch(run).run().assertPassed();
        }
    }

    private static void write(Path file, String text) {
        try {
            Files.writeString(file, text);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
