package io.kurado.core.web;

/** A page or endpoint: a plain function from a request to a response. */
@FunctionalInterface
public interface WebHandler {
    /**
     * @param request the request
     * @return the response
     * @throws WebException for a bad parameter (400) or an unknown host (404)
     */
    WebResponse handle(WebRequest request);
}
