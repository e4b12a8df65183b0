package io.kurado.rrd;

import java.io.IOException;
import org.rrd4j.core.RrdBackend;
import org.rrd4j.core.RrdBackendAnnotation;
import org.rrd4j.core.RrdFileBackendFactory;

/** Creates {@link MappedRrdBackend}s: mapped files that hold no file descriptor. */
@RrdBackendAnnotation(name = "KURADO_MMAP", scheme = "file", shouldValidateHeader = true)
final class MappedRrdBackendFactory extends RrdFileBackendFactory {
    @Override
    protected RrdBackend open(String path, boolean readOnly) throws IOException {
        return new MappedRrdBackend(path, readOnly);
    }
}
