using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Leercultuur.EndToEnd.Tests;

/// <summary>
/// A service as a real operating-system process, started from its built assembly, so a test can kill
/// it with SIGKILL in the middle of its work, as a crash or an evicted container would.
/// </summary>
internal sealed class ServiceProcess : IDisposable
{
    private readonly Process process;

    private ServiceProcess(Process process, Uri baseAddress)
    {
        this.process = process;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    public static async Task<ServiceProcess> StartAsync(string assemblyName, IEnumerable<KeyValuePair<string, string?>> settings)
    {
        var port = FreePort();
        var start = new ProcessStartInfo("dotnet", Path.Combine(AppContext.BaseDirectory, assemblyName + ".dll"))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetTempPath(),
        };
        start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        foreach (var (key, value) in settings)
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException($"{assemblyName} did not start.");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var service = new ServiceProcess(process, new Uri($"http://127.0.0.1:{port}"));
        using var http = new HttpClient { BaseAddress = service.BaseAddress };
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"{assemblyName} exited with code {process.ExitCode} during start-up.");
            }

            try
            {
                if ((await http.GetAsync("/health/ready")).StatusCode == HttpStatusCode.OK)
                {
                    return service;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            if (DateTime.UtcNow > deadline)
            {
                service.Kill();
                throw new TimeoutException($"{assemblyName} did not become ready.");
            }

            await Task.Delay(100);
        }
    }

    /// <summary>SIGKILL: no shutdown hooks, no acks, no commits in flight.</summary>
    public void Kill()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
        }
    }

    public void Dispose()
    {
        Kill();
        process.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
