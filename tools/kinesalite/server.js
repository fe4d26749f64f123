// Starts kinesalite (in memory) on 127.0.0.1 only. Prints "listening <port>" once ready and exits when its
// standard input closes, so a test host that dies cannot leave a server behind.
'use strict'
const kinesalite = require('kinesalite')

const port = Number(process.argv[2] || 0)
const server = kinesalite({ createStreamMs: 0, deleteStreamMs: 0, updateStreamMs: 0, shardLimit: 100 })

server.listen(port, '127.0.0.1', () => {
  process.stdout.write(`listening ${server.address().port}\n`)
})

process.stdin.on('end', () => process.exit(0))
process.stdin.on('error', () => process.exit(0))
process.stdin.resume()
process.on('SIGTERM', () => process.exit(0))
