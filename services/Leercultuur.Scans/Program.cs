using Leercultuur.ServiceDefaults.Hosting;

namespace Leercultuur.Scans;

public sealed class Program
{
    public static Task<int> Main(string[] args) =>
        LeercultuurHost.RunAsync(args, "leercultuur-scans", [new ScansModule()]);
}
