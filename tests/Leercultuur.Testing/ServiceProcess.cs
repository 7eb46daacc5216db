using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Leercultuur.Testing;

/// <summary>
/// A service as a real operating-system process, started from its built assembly, so a test can kill
/// it with SIGKILL in the middle of its work, as a crash or an evicted container would.
/// </summary>
public sealed class ServiceProcess : IDisposable
{
    private readonly Process process;
    private readonly System.Text.StringBuilder output = new();

    private ServiceProcess(Process process, Uri baseAddress)
    {
        this.process = process;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    /// <summary>Everything the process wrote to standard output and standard error so far.</summary>
    public string Output
    {
        get
        {
            lock (output)
            {
                return output.ToString();
            }
        }
    }

    /// <param name="until">The health endpoint that must answer 200 before the service counts as started: ready by default, or live.</param>
    public static async Task<ServiceProcess> StartAsync(string assemblyName, IEnumerable<KeyValuePair<string, string?>> settings, string until = "/health/ready", TimeSpan? within = null)
    {
        var port = FreePort();
        var start = StartInfo(assemblyName, settings, []);
        start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        var process = Process.Start(start) ?? throw new InvalidOperationException($"{assemblyName} did not start.");
        var service = new ServiceProcess(process, new Uri($"http://127.0.0.1:{port}"));
        process.OutputDataReceived += (_, e) => service.Append(e.Data);
        process.ErrorDataReceived += (_, e) => service.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var http = new HttpClient { BaseAddress = service.BaseAddress };
        var deadline = DateTime.UtcNow + (within ?? TimeSpan.FromSeconds(60));
        while (true)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"{assemblyName} exited with code {process.ExitCode} during start-up:{Environment.NewLine}{service.Output}");
            }

            try
            {
                if ((await http.GetAsync(until)).StatusCode == HttpStatusCode.OK)
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
                throw new TimeoutException($"{assemblyName} did not answer 200 on {until}:{Environment.NewLine}{service.Output}");
            }

            await Task.Delay(100);
        }
    }

    /// <summary>Runs an operator's command of a service (for example <c>migrate</c>) to its end; returns its exit code and output.</summary>
    public static async Task<(int ExitCode, string Output)> RunCommandAsync(string assemblyName, IEnumerable<KeyValuePair<string, string?>> settings, params string[] command)
    {
        var start = StartInfo(assemblyName, settings, command);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{assemblyName} did not start.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));
        return (process.ExitCode, await stdout + await stderr);
    }

    /// <summary>The process's resident set now and its peak (VmRSS and VmHWM of /proc), in bytes.</summary>
    public (long Resident, long Peak) Memory()
    {
        long Field(string name) =>
            long.Parse(File.ReadLines($"/proc/{process.Id}/status").Single(l => l.StartsWith(name + ":", StringComparison.Ordinal))[(name.Length + 1)..].Replace("kB", "", StringComparison.Ordinal).Trim(), System.Globalization.CultureInfo.InvariantCulture) * 1024;
        return (Field("VmRSS"), Field("VmHWM"));
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

    private static ProcessStartInfo StartInfo(string assemblyName, IEnumerable<KeyValuePair<string, string?>> settings, string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetTempPath(),
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, assemblyName + ".dll"));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["Logging__LogLevel__Default"] = "Warning";
        foreach (var (key, value) in TestTokens.Settings.Concat(settings))
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        return start;
    }

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (output)
            {
                output.AppendLine(line);
            }
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
