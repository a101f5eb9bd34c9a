package io.tempos.controller;

import java.io.IOException;

/**
 * One operation of the REST API: a method on a path template such as {@code /workflows/{name}},
 * whose one optional {@code {…}} segment is handed to the handler.
 */
record Route(String method, String template, Handler handler) {

    /** Handles a matched request on a REST API thread. */
    @FunctionalInterface
    interface Handler {
        /** @param parameter the path's {@code {…}} segment, or null when the template has none */
        void handle(JsonExchange exchange, String parameter) throws IOException, InterruptedException;
    }

    /** E.g. {@code GET /workflows/{name}}: how the OpenAPI document names the operation too. */
    String operation() {
        return method + " " + template;
    }

    boolean matches(String path) {
        String[] want = template.split("/", -1);
        String[] got = path.split("/", -1);
        if (want.length != got.length) {
            return false;
        }
        for (int i = 0; i < want.length; i++) {
            boolean parameter = want[i].startsWith("{");
            if (parameter ? got[i].isEmpty() : !want[i].equals(got[i])) {
                return false;
            }
        }
        return true;
    }

    /** The value of the template's {@code {…}} segment in a matching {@code path}, or null. */
    String parameter(String path) {
        String[] want = template.split("/", -1);
        String[] got = path.split("/", -1);
        for (int i = 0; i < want.length; i++) {
            if (want[i].startsWith("{")) {
                return got[i];
            }
        }
        return null;
    }
}
