//! Algorithm 1 of the TEMPOS paper in Rust, for the FSPAWN method: the event on stdin, the
//! result on stdout, exit status 0; on a malformed event a message on stderr and exit status 2.
//! Built with `rustc -O` alone (no crates), so the JSON reading is hand-written, following the
//! rules of the C version (functions/README.md): fields in any order, other fields skipped by
//! bracket depth, the last duplicate wins, escapes decoded (lone surrogates to U+FFFD).
use std::io::{Read, Write};
use std::process::ExitCode;

struct Reader<'a> {
    s: &'a [u8],
    p: usize,
}

impl<'a> Reader<'a> {
    fn ws(&mut self) {
        while self.p < self.s.len() && matches!(self.s[self.p], b' ' | b'\t' | b'\n' | b'\r') {
            self.p += 1;
        }
    }

    fn eat(&mut self, c: u8) -> bool {
        self.ws();
        if self.p < self.s.len() && self.s[self.p] == c {
            self.p += 1;
            true
        } else {
            false
        }
    }

    fn hex4(&self, at: usize) -> Option<u32> {
        let digits = self.s.get(at..at + 4)?;
        let text = std::str::from_utf8(digits).ok()?;
        u32::from_str_radix(text, 16).ok().filter(|_| digits.iter().all(u8::is_ascii_hexdigit))
    }

    /// A string's decoded bytes.
    fn string(&mut self) -> Option<Vec<u8>> {
        if !self.eat(b'"') {
            return None;
        }
        let mut out = Vec::new();
        loop {
            let c = *self.s.get(self.p)?;
            self.p += 1;
            match c {
                b'"' => return Some(out),
                b'\\' => {
                    let e = *self.s.get(self.p)?;
                    self.p += 1;
                    let simple = match e {
                        b'"' => Some(b'"'),
                        b'\\' => Some(b'\\'),
                        b'/' => Some(b'/'),
                        b'b' => Some(8),
                        b'f' => Some(12),
                        b'n' => Some(b'\n'),
                        b'r' => Some(b'\r'),
                        b't' => Some(b'\t'),
                        b'u' => None,
                        _ => return None,
                    };
                    if let Some(b) = simple {
                        out.push(b);
                        continue;
                    }
                    let mut cp = self.hex4(self.p)?;
                    self.p += 4;
                    if (0xD800..0xDC00).contains(&cp)
                        && self.s.get(self.p) == Some(&b'\\')
                        && self.s.get(self.p + 1) == Some(&b'u')
                    {
                        if let Some(low) = self.hex4(self.p + 2).filter(|l| (0xDC00..0xE000).contains(l)) {
                            cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
                            self.p += 6;
                        }
                    }
                    let ch = char::from_u32(cp).unwrap_or('\u{FFFD}');
                    let mut buf = [0u8; 4];
                    out.extend_from_slice(ch.encode_utf8(&mut buf).as_bytes());
                }
                _ => out.push(c),
            }
        }
    }

    fn skip_value(&mut self) -> bool {
        self.ws();
        match self.s.get(self.p) {
            None => false,
            Some(b'"') => self.string().is_some(),
            Some(b'{') | Some(b'[') => {
                let mut depth = 0u64;
                while self.p < self.s.len() {
                    let c = self.s[self.p];
                    if c == b'"' {
                        if self.string().is_none() {
                            return false;
                        }
                        continue;
                    }
                    self.p += 1;
                    if c == b'{' || c == b'[' {
                        depth += 1;
                    } else if c == b'}' || c == b']' {
                        depth -= 1;
                        if depth == 0 {
                            return true;
                        }
                    }
                }
                false
            }
            Some(_) => {
                let start = self.p;
                while self.p < self.s.len() && !matches!(self.s[self.p], b',' | b'}' | b']' | b' ' | b'\t' | b'\n' | b'\r') {
                    self.p += 1;
                }
                self.p > start
            }
        }
    }
}

fn parse(input: &[u8]) -> Option<(Vec<u8>, Vec<u8>)> {
    let mut r = Reader { s: input, p: 0 };
    let (mut message, mut pattern) = (None, None);
    if !r.eat(b'{') {
        return None;
    }
    if !r.eat(b'}') {
        loop {
            let key = r.string()?;
            if !r.eat(b':') {
                return None;
            }
            match key.as_slice() {
                b"message" => message = Some(r.string()?),
                b"pattern" => pattern = Some(r.string()?),
                _ => {
                    if !r.skip_value() {
                        return None;
                    }
                }
            }
            if !r.eat(b',') {
                break;
            }
        }
        if !r.eat(b'}') {
            return None;
        }
    }
    r.ws();
    if r.p != input.len() {
        return None;
    }
    Some((message?, pattern?))
}

fn count(hay: &[u8], needle: &[u8]) -> u64 {
    if needle.is_empty() {
        return 0;
    }
    let (mut n, mut i) = (0, 0);
    while i + needle.len() <= hay.len() {
        if &hay[i..i + needle.len()] == needle {
            n += 1;
            i += needle.len();
        } else {
            i += 1;
        }
    }
    n
}

fn main() -> ExitCode {
    let mut input = Vec::new();
    if std::io::stdin().read_to_end(&mut input).is_err() {
        eprintln!("algorithm1: cannot read stdin");
        return ExitCode::from(2);
    }
    let Some((message, pattern)) = parse(&input) else {
        eprintln!("algorithm1: malformed input");
        return ExitCode::from(2);
    };
    let occur = count(&message, &pattern);
    let mut res = 0.0f64;
    for i in 0..occur {
        res += if i % 2 == 0 { (i as f64) * (i as f64) } else { (i as f64).sqrt() };
    }
    // Rust's {:.3} formats the exact binary value, rounded half-even: C's "%.3f".
    let out = format!("{{\"occurrences\":{},\"result\":{:.3}}}", occur, res);
    let mut stdout = std::io::stdout().lock();
    if stdout.write_all(out.as_bytes()).and_then(|_| stdout.flush()).is_err() {
        return ExitCode::from(2);
    }
    ExitCode::SUCCESS
}
