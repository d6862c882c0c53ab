// The reference server of the side-by-side bench: @y/websocket-server 0.1.1 as its README runs it
// (no checks, documents kept in memory, no persistence), on a free port given back on stdout.
import http from 'node:http';
import { WebSocketServer } from 'ws';
import { setupWSConnection } from '@y/websocket-server/utils';

const wss = new WebSocketServer({ noServer: true });
const server = http.createServer((_request, response) => {
  response.writeHead(200, { 'Content-Type': 'text/plain' });
  response.end('okay');
});
server.on('upgrade', (request, socket, head) => wss.handleUpgrade(request, socket, head, (ws) => setupWSConnection(ws, request)));
server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => console.log(`reference running on port ${server.address().port}`));
process.on('SIGTERM', () => process.exit(0));
