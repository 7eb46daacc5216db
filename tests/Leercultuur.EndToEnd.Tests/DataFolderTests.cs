using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Leercultuur.Testing;

namespace Leercultuur.EndToEnd.Tests;

/// <summary>The README's first command keeps its files in ./data of the directory it is run from, and says where.</summary>
public sealed class DataFolderTests
{
    [Fact]
    public async Task Dotnet_run_of_the_standalone_host_keeps_its_data_under_the_starting_directory_and_prints_it()
    {
        var repository = RepositoryRoot();
        var workingDirectory = Path.Combine(Path.GetTempPath(), "leercultuur-tests", $"run-{Guid.NewGuid():N}");
        Directory.CreateDirectory(workingDirectory);
        var port = FreePort();
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in new[] { "run", "--no-build", "-c", Configuration(), "--project", Path.Combine(repository, "services", "Leercultuur.Standalone"), "--", "--urls", $"http://127.0.0.1:{port}" })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = new System.Text.StringBuilder();
        process.OutputDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        process.ErrorDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            await Eventually.Until(
                async () =>
                {
                    try
                    {
                        return (await http.GetAsync("/health/ready")).StatusCode;
                    }
                    catch (HttpRequestException)
                    {
                        return HttpStatusCode.ServiceUnavailable;
                    }
                },
                status => status == HttpStatusCode.OK,
                TimeSpan.FromSeconds(60),
                "the standalone host");

            var data = Path.Combine(workingDirectory, "data");
            Assert.True(File.Exists(Path.Combine(data, "organisations.db")), output.ToString());
            Assert.True(File.Exists(Path.Combine(data, "scans.db")));
            Assert.True(File.Exists(Path.Combine(data, "reporting.db")));
            Assert.False(Directory.Exists(Path.Combine(repository, "services", "Leercultuur.Standalone", "data")) && Directory.GetLastWriteTimeUtc(Path.Combine(repository, "services", "Leercultuur.Standalone", "data")) > DateTime.UtcNow.AddMinutes(-1));
            lock (output)
            {
                Assert.Contains($"SQLite file {Path.Combine(data, "organisations.db")}", output.ToString());
            }
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(workingDirectory, recursive: true);
        }
    }

    private static string RepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Leercultuur.Services.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException("The test runs outside the repository.");
    }

    // The build this test runs from (Release under ./test.sh), so `dotnet run --no-build` finds its output.
    private static string Configuration() =>
        AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
