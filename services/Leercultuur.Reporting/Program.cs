using Leercultuur.ServiceDefaults.Hosting;

namespace Leercultuur.Reporting;

public sealed class Program
{
    public static Task<int> Main(string[] args) =>
        LeercultuurHost.RunAsync(args, "leercultuur-reporting", [new ReportingModule()]);
}
