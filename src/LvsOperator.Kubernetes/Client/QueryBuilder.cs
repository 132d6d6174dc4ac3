using System.Text;

namespace LvsOperator.Kubernetes.Client;

/// <summary>A query string of the parameters that have a value, each escaped.</summary>
internal sealed class QueryBuilder
{
    private readonly StringBuilder text = new();

    public QueryBuilder Add(string name, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            text.Append(text.Length == 0 ? '?' : '&').Append(name).Append('=').Append(Uri.EscapeDataString(value));
        }

        return this;
    }

    public override string ToString() => text.ToString();
}
