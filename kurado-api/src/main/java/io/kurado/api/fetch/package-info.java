/** Pull plugins: {@link io.kurado.api.fetch.MetricsFetcher} and what it gets and returns. */
package io.kurado.api.fetch;
