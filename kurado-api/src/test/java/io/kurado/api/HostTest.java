package io.kurado.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HostTest {

    @ParameterizedTest(name = "''{0}''")
    @CsvSource(delimiter = '|', value = {
        "192.168.51.10                         | 192.168.51.10 | 192.168.51.10 | ''",
        "192.168.51.10 www1                    | 192.168.51.10 | www1          | ''",
        "192.168.51.10   www1   front  web #1  | 192.168.51.10 | www1          | front  web #1",
        "10.0.0.1\twww2\tサーバ 本番             | 10.0.0.1      | www2          | サーバ 本番",
    })
    void splitsAddressHostnameAndComments(String line, String address, String hostname, String comments) {
        Host h = Host.parse(line);
        assertThat(h).isEqualTo(new Host(address, hostname, comments));
    }

    @Test
    void aLeadingBlankLeavesNoAddress() {
        assertThatThrownBy(() -> Host.parse(" 192.168.0.1 www")).hasMessage("cannot find address in ' 192.168.0.1 www'");
        assertThatThrownBy(() -> Host.parse("")).isInstanceOf(IllegalArgumentException.class);
    }
}
