// The pre-decoder: turns the bytes of one instruction of 32-bit code into an entry of
// DecodedCode, so that running it again needs no fetching, prefix or ModRM parsing.
//
// Only the frequent instructions with 32-bit operands and addresses get a handler of
// their own; anything else (operand- or address-size prefixes, REP, LOCK, system
// instructions, I/O, string instructions, far transfers…) becomes Op.Interpret, which
// the CPU runs with its byte-by-byte interpreter. So does an instruction that does not
// end in the page where it starts: its bytes are not all covered by one page mark.
//
// Registers are stored ready to index: 32-bit ones as 0-7 (8 means none and reads as
// zero), 8-bit ones as byte offsets into the register file, 16-bit ones as word offsets.
// A form with a memory operand keeps its register operand in a (b's bits hold the
// address; see decodedCode.ts).

import { DecodedCode, ENTRY_SHIFT, MAX_INSTRUCTION_LENGTH } from './decodedCode.js';

/**
 * The handlers. A const enum, so that bundles switch on numeric literals: V8 compiles a
 * switch over module-level constants into a chain of loads and compares.
 */
export const enum Op {
  Interpret = 0,
  // ALU: x is the operation (0-7 as in opcodes 00-3F, 8 TEST), a the destination, b the source.
  AluRR = 1,
  AluMR = 2,
  AluRM = 3,
  AluRI = 4,
  AluMI = 5,
  Alu8RR = 6,
  Alu8MR = 7,
  Alu8RM = 8,
  Alu8RI = 9,
  Alu8MI = 10,
  MovRR = 11,
  MovMR = 12,
  MovRM = 13,
  MovRI = 14,
  MovMI = 15,
  Mov8RR = 16,
  Mov8MR = 17,
  Mov8RM = 18,
  Mov8RI = 19,
  Mov8MI = 20,
  IncR = 21,
  DecR = 22,
  PushR = 23,
  PopR = 24,
  PushI = 25,
  /** x: condition; imm: displacement. */
  Jcc = 26,
  Jmp = 27,
  Call = 28,
  /** imm: bytes released after the return address. */
  Ret = 29,
  Lea = 30,
  /** x: 0 MOVZX byte, 1 MOVZX word, 2 MOVSX byte, 3 MOVSX word. */
  MovxR = 31,
  MovxM = 32,
  /** x: condition. */
  SetccR = 33,
  SetccM = 34,
  CmovR = 35,
  CmovM = 36,
  /** IMUL a, b/mem (two operands) and IMUL a, b/mem, imm. */
  ImulR = 37,
  ImulM = 38,
  Imul3R = 39,
  Imul3M = 40,
  /** x: group 2 operation; imm: count, or -1 for CL. */
  ShiftR = 41,
  ShiftM = 42,
  Cdq = 43,
  Nop = 44,
  Leave = 45,
  /**
   * Group 3 (NOT NEG MUL IMUL DIV IDIV) and group 5 (INC DEC CALL JMP PUSH) on a 32-bit
   * r/m: the interpreter's own code, given the ModRM fields (x: reg field, a: r/m register).
   */
  Group3R = 46,
  Group3M = 47,
  Group5R = 48,
  Group5M = 49,
}

/** Byte-register number → byte offset in the register file (AL CL DL BL AH CH DH BH). */
const R8 = [0, 4, 8, 12, 1, 5, 9, 13];
const NONE = 8;
const ESP = 4, EBP = 5;
const DS = 3, SS = 2;

// The instruction being decoded (decoding is never re-entered).
let bytes: Uint8Array;
let at = 0;
let end = 0;
let overrun = false;
let segment = -1;
let mod = 0, reg = 0, rm = 0;
let memory = 0, displacement = 0;
let hasMemory = false;

function next8(): number {
  if (at >= end) {
    overrun = true;
    return 0;
  }
  return bytes[at++];
}

function next32(): number {
  return next8() | (next8() << 8) | (next8() << 16) | (next8() << 24);
}

function nextSimm8(): number {
  return (next8() << 24) >> 24;
}

function modrm(): void {
  const b = next8();
  mod = b >> 6;
  reg = (b >> 3) & 7;
  rm = b & 7;
  if (mod !== 3) address();
}

/** A 32-bit memory operand (as the interpreter's decodeAddress computes it). */
function address(): void {
  let base = NONE, index = NONE, scale = 0, seg = DS;
  displacement = 0;
  if (rm === 4) {
    const sib = next8();
    base = sib & 7;
    index = (sib >> 3) & 7;
    scale = sib >> 6;
    if (index === 4) index = NONE;
    if (base === 5 && mod === 0) {
      base = NONE;
      displacement = next32();
    } else if (base === ESP || base === EBP) seg = SS;
  } else if (rm === 5 && mod === 0) {
    displacement = next32();
  } else {
    base = rm;
    if (rm === EBP) seg = SS;
  }
  if (mod === 1) displacement = (displacement + nextSimm8()) | 0;
  else if (mod === 2) displacement = (displacement + next32()) | 0;
  if (segment >= 0) seg = segment;
  memory = base | (index << 4) | (scale << 8) | (seg << 10);
  hasMemory = true;
}

/**
 * Decodes the instruction at physical address `phys` (in 32-bit code) into `slot`.
 * The caller guarantees that phys lies in RAM, and marks its page as code (unless the
 * entry is Op.Interpret, which reads the bytes afresh each time).
 */
export function decodeInstruction(code: DecodedCode, slot: number, mem: Uint8Array, phys: number): void {
  bytes = mem;
  at = phys;
  end = Math.min((phys | 0xfff) + 1, mem.length);
  overrun = false;
  segment = -1;
  let op = Op.Interpret;
  let x = 0, a = 0, b = 0, imm = 0;
  memory = 0;
  displacement = 0;
  hasMemory = false;

  let opcode = next8();
  for (;;) {
    if (opcode === 0x26 || opcode === 0x2e || opcode === 0x36 || opcode === 0x3e) segment = (opcode >> 3) & 3;
    else if (opcode === 0x64 || opcode === 0x65) segment = opcode - 0x60;
    else break;
    if (at - phys >= MAX_INSTRUCTION_LENGTH) break;
    opcode = next8();
  }

  switch (opcode) {
    case 0x00: case 0x08: case 0x10: case 0x18: case 0x20: case 0x28: case 0x30: case 0x38:
    case 0x84: // TEST Eb, Gb
      modrm();
      x = opcode === 0x84 ? 8 : opcode >> 3;
      if (mod === 3) { op = Op.Alu8RR; a = R8[rm]; b = R8[reg]; }
      else { op = Op.Alu8MR; a = R8[reg]; }
      break;
    case 0x01: case 0x09: case 0x11: case 0x19: case 0x21: case 0x29: case 0x31: case 0x39:
    case 0x85: // TEST Ev, Gv
      modrm();
      x = opcode === 0x85 ? 8 : opcode >> 3;
      if (mod === 3) { op = Op.AluRR; a = rm; b = reg; }
      else { op = Op.AluMR; a = reg; }
      break;
    case 0x02: case 0x0a: case 0x12: case 0x1a: case 0x22: case 0x2a: case 0x32: case 0x3a:
      modrm();
      x = opcode >> 3;
      a = R8[reg];
      if (mod === 3) { op = Op.Alu8RR; b = R8[rm]; }
      else op = Op.Alu8RM;
      break;
    case 0x03: case 0x0b: case 0x13: case 0x1b: case 0x23: case 0x2b: case 0x33: case 0x3b:
      modrm();
      x = opcode >> 3;
      a = reg;
      if (mod === 3) { op = Op.AluRR; b = rm; }
      else op = Op.AluRM;
      break;
    case 0x04: case 0x0c: case 0x14: case 0x1c: case 0x24: case 0x2c: case 0x34: case 0x3c:
    case 0xa8:
      op = Op.Alu8RI;
      x = opcode === 0xa8 ? 8 : opcode >> 3;
      imm = next8();
      break;
    case 0x05: case 0x0d: case 0x15: case 0x1d: case 0x25: case 0x2d: case 0x35: case 0x3d:
    case 0xa9:
      op = Op.AluRI;
      x = opcode === 0xa9 ? 8 : opcode >> 3;
      imm = next32();
      break;
    case 0x40: case 0x41: case 0x42: case 0x43: case 0x44: case 0x45: case 0x46: case 0x47:
      op = Op.IncR; a = opcode & 7; break;
    case 0x48: case 0x49: case 0x4a: case 0x4b: case 0x4c: case 0x4d: case 0x4e: case 0x4f:
      op = Op.DecR; a = opcode & 7; break;
    case 0x50: case 0x51: case 0x52: case 0x53: case 0x54: case 0x55: case 0x56: case 0x57:
      op = Op.PushR; a = opcode & 7; break;
    case 0x58: case 0x59: case 0x5a: case 0x5b: case 0x5c: case 0x5d: case 0x5e: case 0x5f:
      op = Op.PopR; a = opcode & 7; break;
    case 0x68: op = Op.PushI; imm = next32(); break;
    case 0x6a: op = Op.PushI; imm = nextSimm8(); break;
    case 0x69: case 0x6b:
      modrm();
      imm = opcode === 0x69 ? next32() : nextSimm8();
      a = reg;
      if (mod === 3) { op = Op.Imul3R; b = rm; }
      else op = Op.Imul3M;
      break;
    case 0x70: case 0x71: case 0x72: case 0x73: case 0x74: case 0x75: case 0x76: case 0x77:
    case 0x78: case 0x79: case 0x7a: case 0x7b: case 0x7c: case 0x7d: case 0x7e: case 0x7f:
      op = Op.Jcc; x = opcode & 0xf; imm = nextSimm8(); break;
    case 0x80: case 0x82:
      modrm();
      x = reg;
      imm = next8();
      if (mod === 3) { op = Op.Alu8RI; a = R8[rm]; }
      else op = Op.Alu8MI;
      break;
    case 0x81: case 0x83:
      modrm();
      x = reg;
      imm = opcode === 0x81 ? next32() : nextSimm8();
      if (mod === 3) { op = Op.AluRI; a = rm; }
      else op = Op.AluMI;
      break;
    case 0x88:
      modrm();
      if (mod === 3) { op = Op.Mov8RR; a = R8[rm]; b = R8[reg]; }
      else { op = Op.Mov8MR; a = R8[reg]; }
      break;
    case 0x89:
      modrm();
      if (mod === 3) { op = Op.MovRR; a = rm; b = reg; }
      else { op = Op.MovMR; a = reg; }
      break;
    case 0x8a:
      modrm();
      a = R8[reg];
      if (mod === 3) { op = Op.Mov8RR; b = R8[rm]; }
      else op = Op.Mov8RM;
      break;
    case 0x8b:
      modrm();
      a = reg;
      if (mod === 3) { op = Op.MovRR; b = rm; }
      else op = Op.MovRM;
      break;
    case 0x8d:
      modrm();
      if (mod !== 3) { op = Op.Lea; a = reg; } // the register form is #UD: interpreted
      break;
    case 0x90: op = Op.Nop; break;
    case 0x99: op = Op.Cdq; break;
    case 0xb0: case 0xb1: case 0xb2: case 0xb3: case 0xb4: case 0xb5: case 0xb6: case 0xb7:
      op = Op.Mov8RI; a = R8[opcode & 7]; imm = next8(); break;
    case 0xb8: case 0xb9: case 0xba: case 0xbb: case 0xbc: case 0xbd: case 0xbe: case 0xbf:
      op = Op.MovRI; a = opcode & 7; imm = next32(); break;
    case 0xc1: case 0xd1: case 0xd3:
      modrm();
      x = reg;
      a = rm;
      imm = opcode === 0xc1 ? next8() : opcode === 0xd1 ? 1 : -1;
      op = mod === 3 ? Op.ShiftR : Op.ShiftM;
      break;
    case 0xc2: op = Op.Ret; imm = next8() | (next8() << 8); break;
    case 0xc3: op = Op.Ret; break;
    case 0xc6:
      modrm();
      imm = next8();
      if (reg === 0) {
        if (mod === 3) { op = Op.Mov8RI; a = R8[rm]; }
        else op = Op.Mov8MI;
      }
      break;
    case 0xc7:
      modrm();
      imm = next32();
      if (reg === 0) {
        if (mod === 3) { op = Op.MovRI; a = rm; }
        else op = Op.MovMI;
      }
      break;
    case 0xc9: op = Op.Leave; break;
    case 0xe8: op = Op.Call; imm = next32(); break;
    case 0xe9: op = Op.Jmp; imm = next32(); break;
    case 0xeb: op = Op.Jmp; imm = nextSimm8(); break;
    case 0xf6:
      modrm();
      if (reg === 0 || reg === 1) {
        x = 8;
        imm = next8();
        if (mod === 3) { op = Op.Alu8RI; a = R8[rm]; }
        else op = Op.Alu8MI;
      }
      break;
    case 0xf7:
      modrm();
      x = reg;
      a = rm;
      if (reg === 0 || reg === 1) {
        x = 8;
        imm = next32();
        op = mod === 3 ? Op.AluRI : Op.AluMI;
      } else op = mod === 3 ? Op.Group3R : Op.Group3M;
      break;
    case 0xff:
      modrm();
      x = reg;
      a = rm;
      if (reg <= 2 || reg === 4 || reg === 6) op = mod === 3 ? Op.Group5R : Op.Group5M;
      break;
    case 0x0f: {
      const second = next8();
      if (second >= 0x80 && second <= 0x8f) {
        op = Op.Jcc; x = second & 0xf; imm = next32();
      } else if (second >= 0x90 && second <= 0x9f) {
        modrm();
        x = second & 0xf;
        if (mod === 3) { op = Op.SetccR; a = R8[rm]; }
        else op = Op.SetccM;
      } else if (second >= 0x40 && second <= 0x4f) {
        modrm();
        x = second & 0xf;
        a = reg;
        if (mod === 3) { op = Op.CmovR; b = rm; }
        else op = Op.CmovM;
      } else if (second === 0xaf) {
        modrm();
        a = reg;
        if (mod === 3) { op = Op.ImulR; b = rm; }
        else op = Op.ImulM;
      } else if (second === 0xb6 || second === 0xb7 || second === 0xbe || second === 0xbf) {
        modrm();
        x = (second & 1) | (second >= 0xbe ? 2 : 0);
        a = reg;
        if (mod === 3) { op = Op.MovxR; b = (second & 1) === 0 ? R8[rm] : rm << 1; }
        else op = Op.MovxM;
      }
      break;
    }
  }

  const length = at - phys;
  if (overrun || length > MAX_INSTRUCTION_LENGTH) op = Op.Interpret;
  const entries = code.entries;
  const e = slot << ENTRY_SHIFT;
  entries[e + 1] = op | (length << 6) | (x << 10) | (a << 14) | ((hasMemory ? memory : b) << 18);
  entries[e + 2] = imm;
  entries[e + 3] = displacement;
  entries[e] = phys;
}
