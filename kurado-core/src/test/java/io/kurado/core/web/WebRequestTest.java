package io.kurado.core.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class WebRequestTest {
    @Test
    void theLastOccurrenceOfASingleParameterCounts() {
        WebRequest r = WebRequest.get("/server?term=day&term=month");

        assertThat(r.param("term")).contains("month");
    }

    @Test
    void anEmptyValueMeansNotGiven() {
        assertThat(WebRequest.get("/server?term=").param("term")).isEmpty();
        assertThat(WebRequest.get("/server?term").param("term")).isEmpty();
    }

    @Test
    void repeatedParametersKeepTheirOrder() {
        assertThat(WebRequest.get("/servers?address=b&address=a&address=").params("address")).containsExactly("b", "a");
    }

    @Test
    void valuesAreDecoded() {
        assertThat(WebRequest.get("/x?q=web+01%20%E3%81%82").param("q")).contains("web 01 あ");
    }

    @Test
    void aMalformedEscapeIsABadRequest() {
        assertThatThrownBy(() -> WebRequest.get("/x?q=%zz"))
                .isInstanceOfSatisfying(WebException.class, e -> assertThat(e.status()).isEqualTo(400));
    }

    @Test
    void timesAreReadInTheServerZoneUnlessTheyCarryOne() {
        ZoneId tokyo = ZoneId.of("Asia/Tokyo");

        assertThat(TimeParam.parse("2026-11-25 09:00:00", tokyo)).contains(Instant.parse("2026-11-25T00:00:00Z"));
        assertThat(TimeParam.parse("2026-11-25 09:00", tokyo)).contains(Instant.parse("2026-11-25T00:00:00Z"));
        assertThat(TimeParam.parse("2026-11-25T09:00:00+09:00", ZoneOffset.UTC)).contains(Instant.parse("2026-11-25T00:00:00Z"));
        assertThat(TimeParam.parse("1795564800", tokyo)).contains(Instant.ofEpochSecond(1795564800));
        assertThat(TimeParam.parse("2026-11-25", ZoneOffset.UTC)).contains(Instant.parse("2026-11-25T00:00:00Z"));
        assertThat(TimeParam.parse("yesterday", tokyo)).isEmpty();
    }
}
