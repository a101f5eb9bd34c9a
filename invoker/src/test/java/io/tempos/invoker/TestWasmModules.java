package io.tempos.invoker;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Small WebAssembly modules for the WASMF tests, encoded here byte by byte so that these tests
 * need no compiler. The hostile module, in WAT:
 * <pre>
 * (module
 *   (memory (export "memory") 3)                   ;; or with a maximum, see below
 *   (global $next (mut i32) (i32.const 16))
 *   (func (export "tempos_alloc") (param $size i32) (result i32)  ;; a bump allocator
 *     global.get $next  global.get $next local.get $size i32.add global.set $next)
 *   (func $main (export "tempos_main") (param $in i32) (param $len i64) (param $out i32) (param $cap i64) (result i64)
 *     (local $cmd i32)
 *     (local.set $cmd (i32.load8_u (local.get $in)))
 *     (if (i32.eq (local.get $cmd) (i32.const 'l')) (then (loop br 0)))           ;; loop forever
 *     (if (i32.eq (local.get $cmd) (i32.const 't')) (then unreachable))          ;; trap
 *     (if (i32.eq (local.get $cmd) (i32.const 'g')) (then                       ;; grow by 1000 pages
 *       (if (i32.eq (memory.grow (i32.const 1000)) (i32.const -1)) (then (return (i64.const -3))))
 *       (return (i64.const 0))))
 *     (if (i32.eq (local.get $cmd) (i32.const 'b')) (then                       ;; garbage length
 *       (return (i64.add (local.get $cap) (i64.const 1)))))
 *     (if (i32.eq (local.get $cmd) (i32.const 'r')) (then                       ;; unbounded recursion
 *       (return (call $main (local.get $in) (local.get $len) (local.get $out) (local.get $cap)))))
 *     (if (i32.eq (local.get $cmd) (i32.const 'w')) (then                       ;; wants out_cap >= 64 KiB
 *       (if (i64.lt_u (local.get $cap) (i64.const 65536)) (then (return (i64.const -2))))))
 *     (memory.copy (local.get $out) (local.get $in) (i32.wrap_i64 (local.get $len)))  ;; echo
 *     (local.get $len)))
 * </pre>
 */
final class TestWasmModules {

    private static final byte I32 = 0x7f;
    private static final byte I64 = 0x7e;

    private TestWasmModules() {
    }

    /** The hostile module with {@code initialPages} of memory, no maximum, importing nothing. */
    static byte[] hostile(int initialPages) {
        return hostile(initialPages, false);
    }

    /** The same module, plus an import of {@code env.host} when {@code withImport}. */
    static byte[] hostile(int initialPages, boolean withImport) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00});
        // types: 0 = (i32) -> i32, 1 = (i32 i64 i32 i64) -> i64
        section(out, 1, bytes(0x02, 0x60, 0x01, I32, 0x01, I32, 0x60, 0x04, I32, I64, I32, I64, 0x01, I64));
        int imported = 0;
        if (withImport) {
            ByteArrayOutputStream imports = new ByteArrayOutputStream();
            imports.write(0x01);
            name(imports, "env");
            name(imports, "host");
            imports.writeBytes(bytes(0x00, 0x00)); // a function of type 0
            section(out, 2, imports.toByteArray());
            imported = 1;
        }
        section(out, 3, bytes(0x02, 0x00, 0x01));                                   // alloc: type 0, main: type 1
        section(out, 5, concat(bytes(0x01, 0x00), uleb(initialPages)));               // memory, no maximum
        section(out, 6, bytes(0x01, I32, 0x01, 0x41, 0x10, 0x0b));                    // global mut i32 = 16
        ByteArrayOutputStream exports = new ByteArrayOutputStream();
        exports.write(0x03);
        name(exports, "memory");
        exports.writeBytes(bytes(0x02, 0x00));
        name(exports, "tempos_alloc");
        exports.writeBytes(bytes(0x00, imported));
        name(exports, "tempos_main");
        exports.writeBytes(bytes(0x00, imported + 1));
        section(out, 7, exports.toByteArray());
        byte[] alloc = bytes(0x00, 0x23, 0x00, 0x23, 0x00, 0x20, 0x00, 0x6a, 0x24, 0x00, 0x0b);
        int self = imported + 1;
        byte[] main = concat(
                bytes(0x01, 0x01, I32),                                                 // one local i32: $cmd
                bytes(0x20, 0x00, 0x2d, 0x00, 0x00, 0x21, 0x04),                         // cmd = load8_u(in)
                command('l', bytes(0x03, 0x40, 0x0c, 0x00, 0x0b)),                      // loop br 0 end
                command('t', bytes(0x00)),                                               // unreachable
                command('g', bytes(0x41, 0xe8, 0x07, 0x40, 0x00, 0x41, 0x7f, 0x46,       // grow 1000 == -1 ?
                        0x04, 0x40, 0x42, 0x7d, 0x0f, 0x0b, 0x42, 0x00, 0x0f)),          //   return -3; return 0
                command('b', bytes(0x20, 0x03, 0x42, 0x01, 0x7c, 0x0f)),                // return cap + 1
                command('r', bytes(0x20, 0x00, 0x20, 0x01, 0x20, 0x02, 0x20, 0x03, 0x10, self, 0x0f)),
                command('w', bytes(0x20, 0x03, 0x42, 0x80, 0x80, 0x04, 0x54,              // cap < 65536 ?
                        0x04, 0x40, 0x42, 0x7e, 0x0f, 0x0b)),                            //   return -2
                bytes(0x20, 0x02, 0x20, 0x00, 0x20, 0x01, 0xa7, 0xfc, 0x0a, 0x00, 0x00), // memory.copy(out, in, wrap(len))
                bytes(0x20, 0x01, 0x0b));                                                // len
        ByteArrayOutputStream code = new ByteArrayOutputStream();
        code.write(0x02);
        code.writeBytes(uleb(alloc.length));
        code.writeBytes(alloc);
        code.writeBytes(uleb(main.length));
        code.writeBytes(main);
        section(out, 10, code.toByteArray());
        return out.toByteArray();
    }

    /** {@code if (cmd == c) { body }}. */
    private static byte[] command(char c, byte[] body) {
        return concat(bytes(0x20, 0x04, 0x41), sleb(c), bytes(0x46, 0x04, 0x40), body, bytes(0x0b));
    }

    private static void section(ByteArrayOutputStream out, int id, byte[] content) {
        out.write(id);
        out.writeBytes(uleb(content.length));
        out.writeBytes(content);
    }

    private static void name(ByteArrayOutputStream out, String name) {
        byte[] utf8 = name.getBytes(StandardCharsets.UTF_8);
        out.writeBytes(uleb(utf8.length));
        out.writeBytes(utf8);
    }

    private static byte[] uleb(int value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        do {
            int b = value & 0x7f;
            value >>>= 7;
            out.write(value != 0 ? b | 0x80 : b);
        } while (value != 0);
        return out.toByteArray();
    }

    private static byte[] sleb(int value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        while (true) {
            int b = value & 0x7f;
            value >>= 7;
            boolean done = (value == 0 && (b & 0x40) == 0) || (value == -1 && (b & 0x40) != 0);
            out.write(done ? b : b | 0x80);
            if (done) {
                return out.toByteArray();
            }
        }
    }

    private static byte[] bytes(int... values) {
        byte[] out = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (byte) values[i];
        }
        return out;
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
