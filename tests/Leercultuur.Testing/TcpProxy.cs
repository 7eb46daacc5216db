using System.Net;
using System.Net.Sockets;

namespace Leercultuur.Testing;

/// <summary>
/// A TCP proxy in front of a real server (a database or the broker) that a test can take down and
/// bring back: down, it refuses new connections and resets every open one, as a stopped server or a
/// cut network does; up again, it forwards to the same server. Only the service behind it sees the
/// outage, so tests that run at the same time on the same server are not disturbed.
/// </summary>
public sealed class TcpProxy : IAsyncDisposable
{
    private readonly string targetHost;
    private readonly int targetPort;
    private readonly object gate = new();
    private readonly List<Socket> open = [];
    private TcpListener? listener;
    private CancellationTokenSource? accepting;

    private TcpProxy(string targetHost, int targetPort, int port)
    {
        this.targetHost = targetHost;
        this.targetPort = targetPort;
        Port = port;
    }

    public int Port { get; }

    public bool IsUp => listener is not null;

    public static TcpProxy Create(string targetHost, int targetPort, bool up = true)
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        var proxy = new TcpProxy(targetHost, targetPort, port);
        if (up)
        {
            proxy.Up();
        }

        return proxy;
    }

    public void Up()
    {
        lock (gate)
        {
            if (listener is not null)
            {
                return;
            }

            listener = new TcpListener(IPAddress.Loopback, Port);
            listener.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            listener.Start();
            accepting = new CancellationTokenSource();
            _ = AcceptAsync(listener, accepting.Token);
        }
    }

    public void Down()
    {
        lock (gate)
        {
            accepting?.Cancel();
            listener?.Stop();
            listener = null;
            foreach (var socket in open)
            {
                Reset(socket);
            }

            open.Clear();
        }
    }

    public ValueTask DisposeAsync()
    {
        Down();
        return ValueTask.CompletedTask;
    }

    private async Task AcceptAsync(TcpListener server, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await server.AcceptSocketAsync(cancellationToken);
            }
            catch (Exception) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (SocketException)
            {
                return;
            }

            _ = ForwardAsync(client, cancellationToken);
        }
    }

    private async Task ForwardAsync(Socket client, CancellationToken cancellationToken)
    {
        var server = new Socket(SocketType.Stream, ProtocolType.Tcp);
        try
        {
            await server.ConnectAsync(targetHost, targetPort, cancellationToken);
        }
        catch (Exception)
        {
            Reset(client);
            server.Dispose();
            return;
        }

        lock (gate)
        {
            if (cancellationToken.IsCancellationRequested)
            {
                Reset(client);
                Reset(server);
                return;
            }

            open.Add(client);
            open.Add(server);
        }

        await Task.WhenAny(PumpAsync(client, server), PumpAsync(server, client));
        lock (gate)
        {
            open.Remove(client);
            open.Remove(server);
        }

        Reset(client);
        Reset(server);
    }

    private static async Task PumpAsync(Socket from, Socket to)
    {
        var buffer = new byte[81920];
        try
        {
            while (true)
            {
                var read = await from.ReceiveAsync(buffer, SocketFlags.None);
                if (read == 0)
                {
                    return;
                }

                await to.SendAsync(buffer.AsMemory(0, read), SocketFlags.None);
            }
        }
        catch (Exception exception) when (exception is SocketException or ObjectDisposedException)
        {
            // The other side or the proxy closed the connection.
        }
    }

    // A reset, not a polite close: what a peer sees when the server process or the network is gone.
    private static void Reset(Socket socket)
    {
        try
        {
            socket.LingerState = new LingerOption(true, 0);
            socket.Close();
        }
        catch (Exception exception) when (exception is SocketException or ObjectDisposedException)
        {
            // Already closed.
        }
    }
}
