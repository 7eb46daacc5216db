using Leercultuur.Organisations;
using Leercultuur.Reporting;
using Leercultuur.Scans;
using Leercultuur.ServiceDefaults.Hosting;
using Leercultuur.Standalone.Seeding;
using Microsoft.Extensions.Configuration.Memory;

namespace Leercultuur.Standalone;

/// <summary>
/// The embedded default: all three services in one process on one port, each with its own SQLite file
/// under <c>data/</c>, talking over the in-memory bus. Nothing to install.
/// </summary>
public sealed class Program
{
    public const string SeedDemoOption = "--seed-demo";

    public static readonly IReadOnlyDictionary<string, string?> Defaults = new Dictionary<string, string?>
    {
        ["urls"] = "http://localhost:5080",
        ["Messaging:Transport"] = "InMemory",

        // Reporting runs in this process: results ask it for their sector benchmark at its own address.
        ["Scans:Benchmarks:SameHost"] = "true",

        // A try-out host: the demo's closed quarters are released seconds after they load, not a minute.
        ["Reporting:Releases:Interval"] = "00:00:05",

        // Tokens signed with a key kept in the data folder: `token --role …` prints one.
        ["Auth:Development:Enabled"] = "true",
    };

    public static Task<int> Main(string[] args)
    {
        var seedDemo = args.Contains(SeedDemoOption);
        return LeercultuurHost.RunAsync(
            args.Where(a => a != SeedDemoOption).ToArray(),
            "leercultuur-standalone",
            [new OrganisationsModule(), new ScansModule(), new ReportingModule()],
            builder =>
            {
                // Lowest precedence: settings, environment variables and arguments still override.
                builder.Configuration.Sources.Insert(0, new MemoryConfigurationSource { InitialData = Defaults });
                if (seedDemo || builder.Configuration.GetValue<bool>("Standalone:SeedDemo"))
                {
                    builder.Services.AddHostedService<DemoSeeder>();
                }
            });
    }
}
