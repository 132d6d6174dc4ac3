using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace LvsOperator.Core.LoadBalancing;

/// <summary>
/// Names of the VirtualServices generated for a Service: <c>&lt;service&gt;-&lt;port name or number&gt;-&lt;hash&gt;</c>,
/// at most 63 characters. The readable part alone can collide (Service <c>web</c> port <c>x-80</c> and Service
/// <c>web-x</c> port <c>80</c>), so a hash of the Service name, protocol and port ends every name, as EndpointSlice
/// names end in a random suffix, but stable.
/// </summary>
public static class GeneratedNames
{
    public const int MaxLength = 63;
    private const int HashLength = 5;
    private const string Alphabet = "bcdfghjklmnpqrstvwxz2456789";

    public static string VirtualServiceName(string serviceName, LoadBalancerPort port)
    {
        var portText = string.IsNullOrEmpty(port.Name) ? port.Port.ToString(CultureInfo.InvariantCulture) : port.Name;
        var hash = Hash($"{serviceName}\n{port.Protocol}\n{port.Port}\n{port.Name}");
        var readable = $"{serviceName}-{portText}";
        if (readable.Length > MaxLength - HashLength - 1) readable = readable[..(MaxLength - HashLength - 1)].TrimEnd('-', '.');
        return $"{readable}-{hash}";
    }

    /// <summary>Consonants and digits only (Kubernetes' <c>rand.SafeEncodeString</c> alphabet), so no word is spelt.</summary>
    private static string Hash(string text)
    {
        var digest = SHA256.HashData(Encoding.UTF8.GetBytes(text));
        var value = BitConverter.ToUInt64(digest, 0);
        var chars = new char[HashLength];
        for (var i = 0; i < HashLength; i++)
        {
            chars[i] = Alphabet[(int)(value % (ulong)Alphabet.Length)];
            value /= (ulong)Alphabet.Length;
        }

        return new string(chars);
    }
}
