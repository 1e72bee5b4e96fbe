package se.smartcitysweden.booking.localaws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FreePortTest {
    private static final Path LINUX_RANGE = Path.of("/proc/sys/net/ipv4/ip_local_port_range");

    @Test
    void givenTheSystemsRangeForPortZero_whenAPortIsChosen_thenItLiesBelowThatRangeAndCanBeBound() throws IOException {
        int ephemeralFrom = MotoServer.ephemeralPortsFrom();
        if (Files.exists(LINUX_RANGE)) {
            assertEquals(Integer.parseInt(Files.readAllLines(LINUX_RANGE).get(0).trim().split("\\s+")[0]), ephemeralFrom);
        }
        Set<Integer> chosen = new HashSet<>();
        for (int i = 0; i < 20; i++) {
            int port = MotoServer.freePort();
            assertTrue(port >= 1024 && port < ephemeralFrom, port + " is not below " + ephemeralFrom);
            try (ServerSocket bound = new ServerSocket(port)) {
                assertEquals(port, bound.getLocalPort());
            }
            chosen.add(port);
        }
        assertTrue(chosen.size() > 10, "chosen at random: " + chosen);
    }

    @Test
    void givenManyServersOnPortZero_thenNoneIsGivenAPortFromWhereFreePortChooses() throws IOException {
        int ephemeralFrom = MotoServer.ephemeralPortsFrom();
        List<ServerSocket> open = new ArrayList<>();
        try {
            for (int i = 0; i < 200; i++) {
                ServerSocket socket = new ServerSocket(0);
                open.add(socket);
                assertTrue(socket.getLocalPort() >= ephemeralFrom,
                        "the system gave port " + socket.getLocalPort() + ", below " + ephemeralFrom);
            }
        } finally {
            for (ServerSocket socket : open) socket.close();
        }
    }
}
