using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Leercultuur.Testing;
using Microsoft.Playwright;

namespace Leercultuur.Dashboard.Tests;

/// <summary>
/// The README's first command as a real process: the standalone host with the demo data, its quarters
/// released; and headless Chromium from Debian's packages, driven by Playwright (no browser download).
/// </summary>
public class DashboardHost : IAsyncLifetime
{
    public const string Chromium = "/usr/bin/chromium";

    private readonly string dataFolder = Path.Combine(Path.GetTempPath(), "leercultuur-tests", $"dashboard-{Guid.NewGuid():N}");
    private ServiceProcess? host;
    private IPlaywright? playwright;

    public Uri BaseAddress => host!.BaseAddress;

    public HttpClient Http { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    /// <summary>The released quarters of the demo, oldest first.</summary>
    public IReadOnlyList<string> Quarters { get; private set; } = [];

    /// <summary>Where screenshots are kept: TestResults/dashboard in the repository (./test.sh empties TestResults first).</summary>
    public static string Artefacts { get; } = Path.Combine(RepositoryRoot(), "TestResults", "dashboard");

    /// <summary>Settings on top of the demo host's, for a host with another sign-in.</summary>
    protected virtual IEnumerable<KeyValuePair<string, string?>> Settings => [];

    /// <summary>Runs before the host starts (a fake identity provider starts here).</summary>
    protected virtual Task BeforeStartAsync() => Task.CompletedTask;

    public async Task InitializeAsync()
    {
        await BeforeStartAsync();
        if (!File.Exists(Chromium))
        {
            throw new InvalidOperationException($"The browser tests drive Debian's Chromium at {Chromium}: apt-get install chromium (./test.sh installs it).");
        }

        Directory.CreateDirectory(dataFolder);
        Directory.CreateDirectory(Artefacts);
        host = await ServiceProcess.StartAsync(
            "Leercultuur.Standalone",
            [
                new("Organisations:Database:ConnectionString", $"Data Source={Path.Combine(dataFolder, "organisations.db")}"),
                new("Scans:Database:ConnectionString", $"Data Source={Path.Combine(dataFolder, "scans.db")}"),
                new("Reporting:Database:ConnectionString", $"Data Source={Path.Combine(dataFolder, "reporting.db")}"),
                new("Standalone:SeedDemo", "true"),
                new("Reporting:Releases:Interval", "00:00:01"),
                new("Logging:LogLevel:Leercultuur.Standalone", "Information"),
                .. Settings,
            ],
            within: TimeSpan.FromMinutes(2));
        Http = new HttpClient { BaseAddress = host.BaseAddress };
        Quarters = await WaitForReleasedDemoAsync();

        playwright = await Microsoft.Playwright.Playwright.CreateAsync();
        Browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium,
            Headless = true,

            // As root in a sandboxless container, and with no network beyond this machine: no background calls home.
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"],
        });
    }

    public virtual async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }

        playwright?.Dispose();
        Http?.Dispose();
        host?.Dispose();
        try
        {
            Directory.Delete(dataFolder, recursive: true);
        }
        catch (IOException)
        {
            // A file still held by the killed host; the temp folder is cleaned with the machine.
        }
    }

    /// <summary>A page in a fresh context (its own session storage), Dutch as a Dutch visitor's browser would be.</summary>
    public async Task<IPage> NewPageAsync(string locale = "nl-NL")
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = BaseAddress.ToString(),
            Locale = locale,
            ViewportSize = new ViewportSize { Width = 1280, Height = 1000 },
            AcceptDownloads = true,
        });
        return await context.NewPageAsync();
    }

    public string Output => host?.Output ?? "";

    /// <summary>The demo's quarters once all are released (the seeder holds releases until its load is in).</summary>
    private async Task<IReadOnlyList<string>> WaitForReleasedDemoAsync()
    {
        var deadline = DateTime.UtcNow.AddMinutes(3);
        while (DateTime.UtcNow < deadline)
        {
            var periods = await Http.GetFromJsonAsync<JsonArray>("/reporting/v1/periods");
            var quarters = periods!.Where(p => (string?)p!["granularity"] == "quarter").ToList();
            if (quarters.Count >= 4 && quarters.All(q => q!["provisional"]!.GetValue<bool>() == false) && Output.Contains("Demo data loaded", StringComparison.Ordinal))
            {
                return quarters.Select(q => (string)q!["period"]!).Order(StringComparer.Ordinal).ToList();
            }

            await Task.Delay(500);
        }

        throw new TimeoutException("The demo's quarters were not released within three minutes:" + Environment.NewLine + Output);
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

        return AppContext.BaseDirectory;
    }
}

[CollectionDefinition(Name)]
public sealed class DashboardCollection : ICollectionFixture<DashboardHost>
{
    public const string Name = "dashboard";
}
