using Leercultuur.ServiceDefaults.Hosting;

namespace Leercultuur.Organisations;

public sealed class Program
{
    public static Task<int> Main(string[] args) =>
        LeercultuurHost.RunAsync(args, "leercultuur-organisations", [new OrganisationsModule()]);
}
