using System.Globalization;

namespace LvsOperator.Core.Resources;

/// <summary>An entry of <see cref="HealthCheckHttp.ExpectedStatuses"/>: <c>200</c> or <c>200-399</c>, inclusive.</summary>
public readonly record struct HealthCheckStatusRange(int Low, int High)
{
    public bool Contains(int status) => status >= Low && status <= High;

    /// <summary>Three-digit codes 100-599, as the CRD's rule reads them; a range's low end must not exceed its high end.</summary>
    public static bool TryParse(string? text, out HealthCheckStatusRange range)
    {
        range = default;
        if (text is null) return false;
        var dash = text.IndexOf('-', StringComparison.Ordinal);
        var (low, high) = dash < 0 ? (text, text) : (text[..dash], text[(dash + 1)..]);
        if (!Code(low, out var lo) || !Code(high, out var hi) || lo > hi) return false;
        range = new(lo, hi);
        return true;
    }

    private static bool Code(string text, out int code)
    {
        code = 0;
        return text.Length == 3 && text[0] is >= '1' and <= '5' && text.All(char.IsAsciiDigit)
            && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out code);
    }
}
