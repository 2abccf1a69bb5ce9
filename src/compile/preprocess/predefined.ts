// Macros every translation unit starts with: the target (i386, ILP32, little-endian,
// signed char), the language level (C99), and the type facts the shipped headers are
// written in terms of. No __GNUC__: layermake is not gcc, and host headers that test
// for it would expect every GNU extension. __DATE__ and __TIME__ are fixed so that
// the same input always gives byte-identical output.

export const PREDEFINED_FILE = '<built-in>';
export const COMMAND_LINE_FILE = '<command-line>';

export const FIXED_DATE = '"Jan  1 1970"';
export const FIXED_TIME = '"00:00:00"';

const PREDEFINED_MACROS: [string, string][] = [
  ['__STDC__', '1'],
  ['__STDC_VERSION__', '199901L'],
  ['__STDC_HOSTED__', '0'],
  ['__layermake__', '1'],
  ['__i386__', '1'],
  ['__i386', '1'],
  ['__ILP32__', '1'],
  ['_ILP32', '1'],
  ['__ELF__', '1'],
  ['__CHAR_BIT__', '8'],
  ['__SIZEOF_SHORT__', '2'],
  ['__SIZEOF_INT__', '4'],
  ['__SIZEOF_LONG__', '4'],
  ['__SIZEOF_LONG_LONG__', '8'],
  ['__SIZEOF_POINTER__', '4'],
  ['__SIZEOF_SIZE_T__', '4'],
  ['__SIZEOF_PTRDIFF_T__', '4'],
  ['__SIZEOF_WCHAR_T__', '4'],
  ['__SIZEOF_WINT_T__', '4'],
  ['__SCHAR_MAX__', '0x7f'],
  ['__SHRT_MAX__', '0x7fff'],
  ['__INT_MAX__', '0x7fffffff'],
  ['__LONG_MAX__', '0x7fffffffL'],
  ['__LONG_LONG_MAX__', '0x7fffffffffffffffLL'],
  ['__SIZE_MAX__', '0xffffffffU'],
  ['__PTRDIFF_MAX__', '0x7fffffff'],
  ['__INTMAX_MAX__', '0x7fffffffffffffffLL'],
  ['__UINTMAX_MAX__', '0xffffffffffffffffULL'],
  ['__INTPTR_MAX__', '0x7fffffff'],
  ['__UINTPTR_MAX__', '0xffffffffU'],
  ['__SIZE_TYPE__', 'unsigned int'],
  ['__PTRDIFF_TYPE__', 'int'],
  ['__WCHAR_TYPE__', 'long int'],
  ['__WINT_TYPE__', 'unsigned int'],
  ['__INTMAX_TYPE__', 'long long int'],
  ['__UINTMAX_TYPE__', 'long long unsigned int'],
  ['__INTPTR_TYPE__', 'int'],
  ['__UINTPTR_TYPE__', 'unsigned int'],
  ['__INT8_TYPE__', 'signed char'],
  ['__INT16_TYPE__', 'short int'],
  ['__INT32_TYPE__', 'int'],
  ['__INT64_TYPE__', 'long long int'],
  ['__UINT8_TYPE__', 'unsigned char'],
  ['__UINT16_TYPE__', 'short unsigned int'],
  ['__UINT32_TYPE__', 'unsigned int'],
  ['__UINT64_TYPE__', 'long long unsigned int'],
  ['__ORDER_LITTLE_ENDIAN__', '1234'],
  ['__ORDER_BIG_ENDIAN__', '4321'],
  ['__ORDER_PDP_ENDIAN__', '3412'],
  ['__BYTE_ORDER__', '__ORDER_LITTLE_ENDIAN__'],
  ['__DATE__', FIXED_DATE],
  ['__TIME__', FIXED_TIME],
];

const PREDEFINED_SOURCE = PREDEFINED_MACROS.map(([name, value]) => `#define ${name} ${value}\n`).join('');

/** The predefined macros as the text of a pseudo-file of #define lines. */
export function predefinedSource(): string {
  return PREDEFINED_SOURCE;
}

/** -D and -U options as the text of a pseudo-file; -U applies after every -D, as in cc. */
export function commandLineSource(defines: Record<string, string | undefined>, undefines: string[] = []): string {
  let text = '';
  for (const [name, value] of Object.entries(defines)) text += `#define ${name} ${value ?? '1'}\n`;
  for (const name of undefines) text += `#undef ${name}\n`;
  return text;
}
