# free_port: prints a TCP port nobody listens on at 127.0.0.1 right now (the kernel's pick), so that
# two runs on one machine (a CI run beside a developer's, two checkouts) never fight over a port.
free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}
