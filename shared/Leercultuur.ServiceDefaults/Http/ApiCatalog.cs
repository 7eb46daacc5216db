using Leercultuur.ServiceDefaults.Hosting;

namespace Leercultuur.ServiceDefaults.Http;

/// <summary>The APIs this host serves, to find the one a request path belongs to.</summary>
public sealed class ApiCatalog(IReadOnlyList<ApiDescriptor> apis)
{
    public IReadOnlyList<ApiDescriptor> Apis { get; } = apis;

    public ApiDescriptor? ForPath(string path) =>
        Apis.FirstOrDefault(api => path.StartsWith(api.BasePath + "/", StringComparison.OrdinalIgnoreCase) || path.Equals(api.BasePath, StringComparison.OrdinalIgnoreCase));
}
