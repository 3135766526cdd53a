package org.tiercache.redis.internal;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A stand-in for a Redis server that answers each of the tier's scripts with a reply the test
 * chooses, in the Redis protocol (RESP2), so that a tier can be shown replies no real script gives.
 * Every script the test has not scripted answers as on an empty namespace; {@code MULTI},
 * {@code EXEC}, {@code GET} and {@code SET} behave as Redis does inside a transaction; every other
 * command (the client's {@code CLIENT SETNAME}, ...) is answered {@code +OK}.
 */
final class ScriptedServer implements AutoCloseable {
  /** RESP for nil. */
  static final String NIL = "$-1\r\n";

  private final ServerSocket socket;
  private final Thread acceptor;
  private final List<Socket> clients = new ArrayList<>();
  // Script name ("get", "put"...) -> the RESP reply to give; by SHA-1 as the client sends them.
  private final Map<String, String> replies = new ConcurrentHashMap<>();
  private final Map<String, String> namesBySha = new ConcurrentHashMap<>();
  // Every command received, in order, as text.
  private final List<List<String>> received = new CopyOnWriteArrayList<>();

  ScriptedServer() {
    // By the SHA-1 the tier sends: each script's text as Script links it.
    Map.of("put", Script.PUT, "contains", Script.CONTAINS, "remove", Script.REMOVE,
        "evict-expired", Script.EVICT_EXPIRED, "clear", Script.CLEAR, "occupancy",
        Script.OCCUPANCY, "reconcile", Script.RECONCILE, "get", Script.GET)
        .forEach((name, script) -> namesBySha.put(script.sha1Hex(), name));
    replies.put("get", integer(0));
    replies.put("put", integer(1));
    replies.put("contains", integer(0));
    replies.put("remove", integer(0));
    replies.put("evict-expired", array(integer(0), integer(0)));
    replies.put("clear", array(integer(0), integer(0), integer(0)));
    replies.put("occupancy", array(integer(0), integer(0), integer(0)));
    replies.put("reconcile", integer(-1));
    try {
      socket = new ServerSocket(0, 16, InetAddress.getLoopbackAddress());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    acceptor = new Thread(this::accept, "scripted-redis");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  /** Returns the URI a tier connects to. */
  String uri() {
    return "redis://127.0.0.1:" + socket.getLocalPort();
  }

  /** Makes the script {@code name} ({@code "get"}, {@code "put"}...) answer {@code reply}. */
  void reply(String name, String reply) {
    if (!replies.containsKey(name)) {
      throw new IllegalArgumentException("no script " + name);
    }
    replies.put(name, reply);
  }

  /** Returns every command received so far, in order: the name, then the arguments, as text. */
  List<List<String>> received() {
    return List.copyOf(received);
  }

  static String integer(long value) {
    return ":" + value + "\r\n";
  }

  static String bulk(String text) {
    return "$" + text.getBytes(UTF_8).length + "\r\n" + text + "\r\n";
  }

  static String array(String... items) {
    return "*" + items.length + "\r\n" + String.join("", items);
  }

  @Override
  public void close() throws IOException {
    socket.close();
    synchronized (clients) {
      for (Socket client : clients) {
        client.close();
      }
    }
  }

  private void accept() {
    while (!socket.isClosed()) {
      try {
        Socket client = socket.accept();
        synchronized (clients) {
          clients.add(client);
        }
        Thread serving = new Thread(() -> serve(client), "scripted-redis-client");
        serving.setDaemon(true);
        serving.start();
      } catch (IOException e) {
        return;
      }
    }
  }

  private void serve(Socket client) {
    try (client; InputStream in = new BufferedInputStream(client.getInputStream());
        OutputStream out = client.getOutputStream()) {
      List<String> queued = null;
      while (true) {
        List<String> command = readCommand(in);
        if (command == null) {
          return;
        }
        received.add(command);
        String name = command.get(0).toUpperCase();
        String reply;
        if (name.equals("MULTI")) {
          queued = new ArrayList<>();
          reply = "+OK\r\n";
        } else if (name.equals("EXEC")) {
          reply = array(queued.toArray(String[]::new));
          queued = null;
        } else {
          String answer = answer(name, command);
          if (queued != null) {
            queued.add(answer);
            reply = "+QUEUED\r\n";
          } else {
            reply = answer;
          }
        }
        out.write(reply.getBytes(UTF_8));
        out.flush();
      }
    } catch (IOException e) {
      // The client or the test went away.
    }
  }

  private String answer(String name, List<String> command) {
    return switch (name) {
      case "EVALSHA" -> {
        String script = namesBySha.get(command.get(1));
        yield script == null ? "-NOSCRIPT No matching script.\r\n" : replies.get(script);
      }
      case "GET" -> NIL;
      default -> "+OK\r\n";
    };
  }

  // One command: an array of bulk strings; null at the end of the stream.
  private static List<String> readCommand(InputStream in) throws IOException {
    String header = line(in);
    if (header == null) {
      return null;
    }
    int count = Integer.parseInt(header.substring(1));
    List<String> command = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      int length = Integer.parseInt(line(in).substring(1));
      byte[] bytes = in.readNBytes(length);
      in.readNBytes(2);
      command.add(new String(bytes, UTF_8));
    }
    return command;
  }

  private static String line(InputStream in) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    int b;
    while ((b = in.read()) != '\n') {
      if (b < 0) {
        return null;
      }
      if (b != '\r') {
        line.write(b);
      }
    }
    return line.toString(UTF_8);
  }
}
