using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Leercultuur.Testing;

/// <summary>
/// A real service host in the test process, configured only through settings (which reach the entry
/// point as arguments, before any registration reads them).
/// </summary>
public sealed class ServiceFactory<TEntryPoint>(IEnumerable<KeyValuePair<string, string?>> settings) : WebApplicationFactory<TEntryPoint>
    where TEntryPoint : class
{
    private readonly List<KeyValuePair<string, string?>> settings = settings.ToList();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }
    }
}
