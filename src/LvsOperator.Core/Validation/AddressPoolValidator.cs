using LvsOperator.Core.LoadBalancing;
using LvsOperator.Core.Resources;

namespace LvsOperator.Core.Validation;

/// <summary>
/// Checks AddressPools as the CRD's CEL rule does, plus what it cannot: a reversed range, and pools sharing
/// addresses. Returns every error, in the CEL rule's words.
/// </summary>
public static class AddressPoolValidator
{
    public static IReadOnlyList<FieldError> Validate(AddressPool pool)
    {
        var errors = new List<FieldError>();
        var addresses = pool.Spec.Addresses;
        for (var i = 0; i < addresses.Count; i++)
        {
            if (AddressRange.TryParse(addresses[i], out _)) continue;
            errors.Add(new($"spec.addresses[{i}]", AddressRange.TryParse(Swapped(addresses[i]), out _)
                ? Messages.AddressPoolRangeReversed
                : Messages.AddressPoolEntryInvalid));
        }

        return errors;
    }

    /// <summary>Each pool's own errors, and each pool that shares an address with one before it by name.</summary>
    public static IReadOnlyList<Finding> Validate(IReadOnlyList<AddressPool> pools)
    {
        var findings = new List<Finding>();
        var parsed = new List<(AddressPool Pool, List<AddressRange> Ranges)>();
        foreach (var pool in pools.OrderBy(p => p.Metadata.Name, StringComparer.Ordinal))
        {
            var resource = new ResourceRef(ResourceKinds.AddressPool, "", pool.Metadata.Name);
            findings.AddRange(Validate(pool).Select(e => new Finding(resource, e)));
            var ranges = pool.Spec.Addresses.Select(a => AddressRange.TryParse(a, out var r) ? r : (AddressRange?)null).OfType<AddressRange>().ToList();
            if (parsed.Any(p => p.Ranges.Any(a => ranges.Any(a.Overlaps))))
                findings.Add(new Finding(resource, new FieldError("spec.addresses", Messages.AddressPoolOverlap)));
            parsed.Add((pool, ranges));
        }

        return findings;
    }

    private static string Swapped(string entry) =>
        entry.Split('-') is [var first, var last] ? $"{last}-{first}" : entry;
}
