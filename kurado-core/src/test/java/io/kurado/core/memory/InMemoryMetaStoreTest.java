package io.kurado.core.memory;

import io.kurado.api.meta.MetaStore;
import io.kurado.core.contract.MetaStoreContract;
import io.kurado.core.testing.ManualClock;
import java.time.ZoneId;

class InMemoryMetaStoreTest extends MetaStoreContract {
    @Override
    protected MetaStore newStore(ManualClock clock, ZoneId zone) {
        return new InMemoryMetaStore(clock, zone);
    }
}
