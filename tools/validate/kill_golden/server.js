// The server process generate.js forks and kills: socket.io 4.8.3 on Node.js's http server,
// default options, on the port it is given. It says "ready" once listening.
"use strict";

const http = require("http");
const { Server } = require("socket.io");

const server = http.createServer();
new Server(server);
server.listen(Number(process.argv[2]), "127.0.0.1", () => process.send("ready"));
