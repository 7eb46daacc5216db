using System.Reflection;
using System.Text.Json.Nodes;

namespace Leercultuur.ServiceDefaults.OpenApi;

/// <summary>
/// The values a property or parameter takes, read from a static list in the code that validates it
/// (for example <c>Province.Accepted</c>), so the OpenAPI enum and the server's check are one list.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter)]
public sealed class AllowedListAttribute(Type owner, string member) : Attribute
{
    public IReadOnlyList<JsonNode> Values()
    {
        var value = owner.GetProperty(member, BindingFlags.Public | BindingFlags.Static)?.GetValue(null)
                    ?? owner.GetField(member, BindingFlags.Public | BindingFlags.Static)?.GetValue(null)
                    ?? throw new InvalidOperationException($"{owner.Name}.{member} is no public static list.");
        return ((System.Collections.IEnumerable)value).Cast<object>().Select(v => JsonValue.Create(v)!).Cast<JsonNode>().ToList();
    }
}
