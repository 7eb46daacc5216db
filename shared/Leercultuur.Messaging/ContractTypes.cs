using Leercultuur.Contracts;

namespace Leercultuur.Messaging;

/// <summary>
/// The integration events that may travel through an outbox, by the name stored with each row.
/// A closed list, so a row can never make the relay load an arbitrary type.
/// </summary>
public static class ContractTypes
{
    private static readonly Dictionary<string, Type> ByName = typeof(ScanCompleted).Assembly
        .GetExportedTypes()
        .Where(t => t.Namespace == typeof(ScanCompleted).Namespace && t.IsClass && !t.IsAbstract)
        .ToDictionary(t => t.FullName!, StringComparer.Ordinal);

    public static string NameOf(Type type) =>
        ByName.ContainsKey(type.FullName ?? "") ? type.FullName! : throw new ArgumentException($"{type} is not an integration event in Leercultuur.Contracts.", nameof(type));

    public static Type Resolve(string name) =>
        ByName.TryGetValue(name, out var type) ? type : throw new InvalidOperationException($"Unknown message type '{name}'.");
}
