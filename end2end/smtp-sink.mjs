// A minimal SMTP server for the browser tests: accepts every message, as a real relay would,
// and writes each one to a file in $PARTAGE_E2E_MAILDIR (tests read their links there).
import * as net from 'node:net';
import * as fs from 'node:fs';
import * as path from 'node:path';

const port = Number(process.env.PARTAGE_E2E_SMTP_PORT ?? 3125);
const dir = process.env.PARTAGE_E2E_MAILDIR;
if (!dir) throw new Error('PARTAGE_E2E_MAILDIR is not set');
fs.mkdirSync(dir, { recursive: true });
let count = 0;

net.createServer((socket) => {
  socket.setEncoding('utf8');
  socket.write('220 sink ESMTP\r\n');
  let buffer = '';
  let data = null;
  socket.on('data', (chunk) => {
    buffer += chunk;
    let end;
    while ((end = buffer.indexOf('\r\n')) >= 0) {
      const line = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      if (data !== null) {
        if (line === '.') {
          count += 1;
          const name = `${String(Date.now()).padStart(15, '0')}-${String(count).padStart(6, '0')}.eml`;
          fs.writeFileSync(path.join(dir, name), data);
          data = null;
          socket.write('250 queued\r\n');
        } else {
          data += line + '\n';
        }
        continue;
      }
      const upper = line.toUpperCase();
      if (upper.startsWith('EHLO')) socket.write('250-sink\r\n250 8BITMIME\r\n');
      else if (upper.startsWith('DATA')) { data = ''; socket.write('354 go ahead\r\n'); }
      else if (upper.startsWith('QUIT')) { socket.end('221 bye\r\n'); }
      else socket.write('250 ok\r\n');
    }
  });
  socket.on('error', () => {});
}).listen(port, '127.0.0.1');
