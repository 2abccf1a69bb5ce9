# One stub per vector: push a dummy error code where the CPU pushes none, then the
# vector, and join the common path that saves the registers and calls trap(frame).
        .text
vector0:
        pushl $0
        pushl $0
        jmp trap_common
vector1:
        pushl $0
        pushl $1
        jmp trap_common
vector2:
        pushl $0
        pushl $2
        jmp trap_common
vector3:
        pushl $0
        pushl $3
        jmp trap_common
vector4:
        pushl $0
        pushl $4
        jmp trap_common
vector5:
        pushl $0
        pushl $5
        jmp trap_common
vector6:
        pushl $0
        pushl $6
        jmp trap_common
vector7:
        pushl $0
        pushl $7
        jmp trap_common
vector8:
        pushl $8
        jmp trap_common
vector9:
        pushl $0
        pushl $9
        jmp trap_common
vector10:
        pushl $10
        jmp trap_common
vector11:
        pushl $11
        jmp trap_common
vector12:
        pushl $12
        jmp trap_common
vector13:
        pushl $13
        jmp trap_common
vector14:
        pushl $14
        jmp trap_common
vector15:
        pushl $0
        pushl $15
        jmp trap_common
vector16:
        pushl $0
        pushl $16
        jmp trap_common
vector17:
        pushl $17
        jmp trap_common
vector18:
        pushl $0
        pushl $18
        jmp trap_common
vector19:
        pushl $0
        pushl $19
        jmp trap_common
vector20:
        pushl $0
        pushl $20
        jmp trap_common
vector21:
        pushl $0
        pushl $21
        jmp trap_common
vector22:
        pushl $0
        pushl $22
        jmp trap_common
vector23:
        pushl $0
        pushl $23
        jmp trap_common
vector24:
        pushl $0
        pushl $24
        jmp trap_common
vector25:
        pushl $0
        pushl $25
        jmp trap_common
vector26:
        pushl $0
        pushl $26
        jmp trap_common
vector27:
        pushl $0
        pushl $27
        jmp trap_common
vector28:
        pushl $0
        pushl $28
        jmp trap_common
vector29:
        pushl $0
        pushl $29
        jmp trap_common
vector30:
        pushl $0
        pushl $30
        jmp trap_common
vector31:
        pushl $0
        pushl $31
        jmp trap_common
vector32:
        pushl $0
        pushl $32
        jmp trap_common
vector33:
        pushl $0
        pushl $33
        jmp trap_common
vector34:
        pushl $0
        pushl $34
        jmp trap_common
vector35:
        pushl $0
        pushl $35
        jmp trap_common
vector36:
        pushl $0
        pushl $36
        jmp trap_common
vector37:
        pushl $0
        pushl $37
        jmp trap_common
vector38:
        pushl $0
        pushl $38
        jmp trap_common
vector39:
        pushl $0
        pushl $39
        jmp trap_common
vector40:
        pushl $0
        pushl $40
        jmp trap_common
vector41:
        pushl $0
        pushl $41
        jmp trap_common
vector42:
        pushl $0
        pushl $42
        jmp trap_common
vector43:
        pushl $0
        pushl $43
        jmp trap_common
vector44:
        pushl $0
        pushl $44
        jmp trap_common
vector45:
        pushl $0
        pushl $45
        jmp trap_common
vector46:
        pushl $0
        pushl $46
        jmp trap_common
vector47:
        pushl $0
        pushl $47
        jmp trap_common
vector48:
        pushl $0
        pushl $48
        jmp trap_common
vector49:
        pushl $0
        pushl $49
        jmp trap_common
vector50:
        pushl $0
        pushl $50
        jmp trap_common
vector51:
        pushl $0
        pushl $51
        jmp trap_common
vector52:
        pushl $0
        pushl $52
        jmp trap_common
vector53:
        pushl $0
        pushl $53
        jmp trap_common
vector54:
        pushl $0
        pushl $54
        jmp trap_common
vector55:
        pushl $0
        pushl $55
        jmp trap_common
vector56:
        pushl $0
        pushl $56
        jmp trap_common
vector57:
        pushl $0
        pushl $57
        jmp trap_common
vector58:
        pushl $0
        pushl $58
        jmp trap_common
vector59:
        pushl $0
        pushl $59
        jmp trap_common
vector60:
        pushl $0
        pushl $60
        jmp trap_common
vector61:
        pushl $0
        pushl $61
        jmp trap_common
vector62:
        pushl $0
        pushl $62
        jmp trap_common
vector63:
        pushl $0
        pushl $63
        jmp trap_common
vector64:
        pushl $0
        pushl $64
        jmp trap_common
vector65:
        pushl $0
        pushl $65
        jmp trap_common
vector66:
        pushl $0
        pushl $66
        jmp trap_common
vector67:
        pushl $0
        pushl $67
        jmp trap_common
vector68:
        pushl $0
        pushl $68
        jmp trap_common
vector69:
        pushl $0
        pushl $69
        jmp trap_common
vector70:
        pushl $0
        pushl $70
        jmp trap_common
vector71:
        pushl $0
        pushl $71
        jmp trap_common
vector72:
        pushl $0
        pushl $72
        jmp trap_common
vector73:
        pushl $0
        pushl $73
        jmp trap_common
vector74:
        pushl $0
        pushl $74
        jmp trap_common
vector75:
        pushl $0
        pushl $75
        jmp trap_common
vector76:
        pushl $0
        pushl $76
        jmp trap_common
vector77:
        pushl $0
        pushl $77
        jmp trap_common
vector78:
        pushl $0
        pushl $78
        jmp trap_common
vector79:
        pushl $0
        pushl $79
        jmp trap_common
vector80:
        pushl $0
        pushl $80
        jmp trap_common
vector81:
        pushl $0
        pushl $81
        jmp trap_common
vector82:
        pushl $0
        pushl $82
        jmp trap_common
vector83:
        pushl $0
        pushl $83
        jmp trap_common
vector84:
        pushl $0
        pushl $84
        jmp trap_common
vector85:
        pushl $0
        pushl $85
        jmp trap_common
vector86:
        pushl $0
        pushl $86
        jmp trap_common
vector87:
        pushl $0
        pushl $87
        jmp trap_common
vector88:
        pushl $0
        pushl $88
        jmp trap_common
vector89:
        pushl $0
        pushl $89
        jmp trap_common
vector90:
        pushl $0
        pushl $90
        jmp trap_common
vector91:
        pushl $0
        pushl $91
        jmp trap_common
vector92:
        pushl $0
        pushl $92
        jmp trap_common
vector93:
        pushl $0
        pushl $93
        jmp trap_common
vector94:
        pushl $0
        pushl $94
        jmp trap_common
vector95:
        pushl $0
        pushl $95
        jmp trap_common
vector96:
        pushl $0
        pushl $96
        jmp trap_common
vector97:
        pushl $0
        pushl $97
        jmp trap_common
vector98:
        pushl $0
        pushl $98
        jmp trap_common
vector99:
        pushl $0
        pushl $99
        jmp trap_common
vector100:
        pushl $0
        pushl $100
        jmp trap_common
vector101:
        pushl $0
        pushl $101
        jmp trap_common
vector102:
        pushl $0
        pushl $102
        jmp trap_common
vector103:
        pushl $0
        pushl $103
        jmp trap_common
vector104:
        pushl $0
        pushl $104
        jmp trap_common
vector105:
        pushl $0
        pushl $105
        jmp trap_common
vector106:
        pushl $0
        pushl $106
        jmp trap_common
vector107:
        pushl $0
        pushl $107
        jmp trap_common
vector108:
        pushl $0
        pushl $108
        jmp trap_common
vector109:
        pushl $0
        pushl $109
        jmp trap_common
vector110:
        pushl $0
        pushl $110
        jmp trap_common
vector111:
        pushl $0
        pushl $111
        jmp trap_common
vector112:
        pushl $0
        pushl $112
        jmp trap_common
vector113:
        pushl $0
        pushl $113
        jmp trap_common
vector114:
        pushl $0
        pushl $114
        jmp trap_common
vector115:
        pushl $0
        pushl $115
        jmp trap_common
vector116:
        pushl $0
        pushl $116
        jmp trap_common
vector117:
        pushl $0
        pushl $117
        jmp trap_common
vector118:
        pushl $0
        pushl $118
        jmp trap_common
vector119:
        pushl $0
        pushl $119
        jmp trap_common
vector120:
        pushl $0
        pushl $120
        jmp trap_common
vector121:
        pushl $0
        pushl $121
        jmp trap_common
vector122:
        pushl $0
        pushl $122
        jmp trap_common
vector123:
        pushl $0
        pushl $123
        jmp trap_common
vector124:
        pushl $0
        pushl $124
        jmp trap_common
vector125:
        pushl $0
        pushl $125
        jmp trap_common
vector126:
        pushl $0
        pushl $126
        jmp trap_common
vector127:
        pushl $0
        pushl $127
        jmp trap_common
vector128:
        pushl $0
        pushl $128
        jmp trap_common
vector129:
        pushl $0
        pushl $129
        jmp trap_common
vector130:
        pushl $0
        pushl $130
        jmp trap_common
vector131:
        pushl $0
        pushl $131
        jmp trap_common
vector132:
        pushl $0
        pushl $132
        jmp trap_common
vector133:
        pushl $0
        pushl $133
        jmp trap_common
vector134:
        pushl $0
        pushl $134
        jmp trap_common
vector135:
        pushl $0
        pushl $135
        jmp trap_common
vector136:
        pushl $0
        pushl $136
        jmp trap_common
vector137:
        pushl $0
        pushl $137
        jmp trap_common
vector138:
        pushl $0
        pushl $138
        jmp trap_common
vector139:
        pushl $0
        pushl $139
        jmp trap_common
vector140:
        pushl $0
        pushl $140
        jmp trap_common
vector141:
        pushl $0
        pushl $141
        jmp trap_common
vector142:
        pushl $0
        pushl $142
        jmp trap_common
vector143:
        pushl $0
        pushl $143
        jmp trap_common
vector144:
        pushl $0
        pushl $144
        jmp trap_common
vector145:
        pushl $0
        pushl $145
        jmp trap_common
vector146:
        pushl $0
        pushl $146
        jmp trap_common
vector147:
        pushl $0
        pushl $147
        jmp trap_common
vector148:
        pushl $0
        pushl $148
        jmp trap_common
vector149:
        pushl $0
        pushl $149
        jmp trap_common
vector150:
        pushl $0
        pushl $150
        jmp trap_common
vector151:
        pushl $0
        pushl $151
        jmp trap_common
vector152:
        pushl $0
        pushl $152
        jmp trap_common
vector153:
        pushl $0
        pushl $153
        jmp trap_common
vector154:
        pushl $0
        pushl $154
        jmp trap_common
vector155:
        pushl $0
        pushl $155
        jmp trap_common
vector156:
        pushl $0
        pushl $156
        jmp trap_common
vector157:
        pushl $0
        pushl $157
        jmp trap_common
vector158:
        pushl $0
        pushl $158
        jmp trap_common
vector159:
        pushl $0
        pushl $159
        jmp trap_common
vector160:
        pushl $0
        pushl $160
        jmp trap_common
vector161:
        pushl $0
        pushl $161
        jmp trap_common
vector162:
        pushl $0
        pushl $162
        jmp trap_common
vector163:
        pushl $0
        pushl $163
        jmp trap_common
vector164:
        pushl $0
        pushl $164
        jmp trap_common
vector165:
        pushl $0
        pushl $165
        jmp trap_common
vector166:
        pushl $0
        pushl $166
        jmp trap_common
vector167:
        pushl $0
        pushl $167
        jmp trap_common
vector168:
        pushl $0
        pushl $168
        jmp trap_common
vector169:
        pushl $0
        pushl $169
        jmp trap_common
vector170:
        pushl $0
        pushl $170
        jmp trap_common
vector171:
        pushl $0
        pushl $171
        jmp trap_common
vector172:
        pushl $0
        pushl $172
        jmp trap_common
vector173:
        pushl $0
        pushl $173
        jmp trap_common
vector174:
        pushl $0
        pushl $174
        jmp trap_common
vector175:
        pushl $0
        pushl $175
        jmp trap_common
vector176:
        pushl $0
        pushl $176
        jmp trap_common
vector177:
        pushl $0
        pushl $177
        jmp trap_common
vector178:
        pushl $0
        pushl $178
        jmp trap_common
vector179:
        pushl $0
        pushl $179
        jmp trap_common
vector180:
        pushl $0
        pushl $180
        jmp trap_common
vector181:
        pushl $0
        pushl $181
        jmp trap_common
vector182:
        pushl $0
        pushl $182
        jmp trap_common
vector183:
        pushl $0
        pushl $183
        jmp trap_common
vector184:
        pushl $0
        pushl $184
        jmp trap_common
vector185:
        pushl $0
        pushl $185
        jmp trap_common
vector186:
        pushl $0
        pushl $186
        jmp trap_common
vector187:
        pushl $0
        pushl $187
        jmp trap_common
vector188:
        pushl $0
        pushl $188
        jmp trap_common
vector189:
        pushl $0
        pushl $189
        jmp trap_common
vector190:
        pushl $0
        pushl $190
        jmp trap_common
vector191:
        pushl $0
        pushl $191
        jmp trap_common
vector192:
        pushl $0
        pushl $192
        jmp trap_common
vector193:
        pushl $0
        pushl $193
        jmp trap_common
vector194:
        pushl $0
        pushl $194
        jmp trap_common
vector195:
        pushl $0
        pushl $195
        jmp trap_common
vector196:
        pushl $0
        pushl $196
        jmp trap_common
vector197:
        pushl $0
        pushl $197
        jmp trap_common
vector198:
        pushl $0
        pushl $198
        jmp trap_common
vector199:
        pushl $0
        pushl $199
        jmp trap_common
vector200:
        pushl $0
        pushl $200
        jmp trap_common
vector201:
        pushl $0
        pushl $201
        jmp trap_common
vector202:
        pushl $0
        pushl $202
        jmp trap_common
vector203:
        pushl $0
        pushl $203
        jmp trap_common
vector204:
        pushl $0
        pushl $204
        jmp trap_common
vector205:
        pushl $0
        pushl $205
        jmp trap_common
vector206:
        pushl $0
        pushl $206
        jmp trap_common
vector207:
        pushl $0
        pushl $207
        jmp trap_common
vector208:
        pushl $0
        pushl $208
        jmp trap_common
vector209:
        pushl $0
        pushl $209
        jmp trap_common
vector210:
        pushl $0
        pushl $210
        jmp trap_common
vector211:
        pushl $0
        pushl $211
        jmp trap_common
vector212:
        pushl $0
        pushl $212
        jmp trap_common
vector213:
        pushl $0
        pushl $213
        jmp trap_common
vector214:
        pushl $0
        pushl $214
        jmp trap_common
vector215:
        pushl $0
        pushl $215
        jmp trap_common
vector216:
        pushl $0
        pushl $216
        jmp trap_common
vector217:
        pushl $0
        pushl $217
        jmp trap_common
vector218:
        pushl $0
        pushl $218
        jmp trap_common
vector219:
        pushl $0
        pushl $219
        jmp trap_common
vector220:
        pushl $0
        pushl $220
        jmp trap_common
vector221:
        pushl $0
        pushl $221
        jmp trap_common
vector222:
        pushl $0
        pushl $222
        jmp trap_common
vector223:
        pushl $0
        pushl $223
        jmp trap_common
vector224:
        pushl $0
        pushl $224
        jmp trap_common
vector225:
        pushl $0
        pushl $225
        jmp trap_common
vector226:
        pushl $0
        pushl $226
        jmp trap_common
vector227:
        pushl $0
        pushl $227
        jmp trap_common
vector228:
        pushl $0
        pushl $228
        jmp trap_common
vector229:
        pushl $0
        pushl $229
        jmp trap_common
vector230:
        pushl $0
        pushl $230
        jmp trap_common
vector231:
        pushl $0
        pushl $231
        jmp trap_common
vector232:
        pushl $0
        pushl $232
        jmp trap_common
vector233:
        pushl $0
        pushl $233
        jmp trap_common
vector234:
        pushl $0
        pushl $234
        jmp trap_common
vector235:
        pushl $0
        pushl $235
        jmp trap_common
vector236:
        pushl $0
        pushl $236
        jmp trap_common
vector237:
        pushl $0
        pushl $237
        jmp trap_common
vector238:
        pushl $0
        pushl $238
        jmp trap_common
vector239:
        pushl $0
        pushl $239
        jmp trap_common
vector240:
        pushl $0
        pushl $240
        jmp trap_common
vector241:
        pushl $0
        pushl $241
        jmp trap_common
vector242:
        pushl $0
        pushl $242
        jmp trap_common
vector243:
        pushl $0
        pushl $243
        jmp trap_common
vector244:
        pushl $0
        pushl $244
        jmp trap_common
vector245:
        pushl $0
        pushl $245
        jmp trap_common
vector246:
        pushl $0
        pushl $246
        jmp trap_common
vector247:
        pushl $0
        pushl $247
        jmp trap_common
vector248:
        pushl $0
        pushl $248
        jmp trap_common
vector249:
        pushl $0
        pushl $249
        jmp trap_common
vector250:
        pushl $0
        pushl $250
        jmp trap_common
vector251:
        pushl $0
        pushl $251
        jmp trap_common
vector252:
        pushl $0
        pushl $252
        jmp trap_common
vector253:
        pushl $0
        pushl $253
        jmp trap_common
vector254:
        pushl $0
        pushl $254
        jmp trap_common
vector255:
        pushl $0
        pushl $255
        jmp trap_common
trap_common:
        pushal
        pushl %ds
        pushl %es
        pushl %fs
        pushl %gs
        movl $0x10, %eax
        movl %eax, %ds
        movl %eax, %es
        pushl %esp
        call trap
        addl $4, %esp
        popl %gs
        popl %fs
        popl %es
        popl %ds
        popal
        addl $8, %esp
        iretl

        .data
        .globl vector_stubs
vector_stubs:
        .long vector0
        .long vector1
        .long vector2
        .long vector3
        .long vector4
        .long vector5
        .long vector6
        .long vector7
        .long vector8
        .long vector9
        .long vector10
        .long vector11
        .long vector12
        .long vector13
        .long vector14
        .long vector15
        .long vector16
        .long vector17
        .long vector18
        .long vector19
        .long vector20
        .long vector21
        .long vector22
        .long vector23
        .long vector24
        .long vector25
        .long vector26
        .long vector27
        .long vector28
        .long vector29
        .long vector30
        .long vector31
        .long vector32
        .long vector33
        .long vector34
        .long vector35
        .long vector36
        .long vector37
        .long vector38
        .long vector39
        .long vector40
        .long vector41
        .long vector42
        .long vector43
        .long vector44
        .long vector45
        .long vector46
        .long vector47
        .long vector48
        .long vector49
        .long vector50
        .long vector51
        .long vector52
        .long vector53
        .long vector54
        .long vector55
        .long vector56
        .long vector57
        .long vector58
        .long vector59
        .long vector60
        .long vector61
        .long vector62
        .long vector63
        .long vector64
        .long vector65
        .long vector66
        .long vector67
        .long vector68
        .long vector69
        .long vector70
        .long vector71
        .long vector72
        .long vector73
        .long vector74
        .long vector75
        .long vector76
        .long vector77
        .long vector78
        .long vector79
        .long vector80
        .long vector81
        .long vector82
        .long vector83
        .long vector84
        .long vector85
        .long vector86
        .long vector87
        .long vector88
        .long vector89
        .long vector90
        .long vector91
        .long vector92
        .long vector93
        .long vector94
        .long vector95
        .long vector96
        .long vector97
        .long vector98
        .long vector99
        .long vector100
        .long vector101
        .long vector102
        .long vector103
        .long vector104
        .long vector105
        .long vector106
        .long vector107
        .long vector108
        .long vector109
        .long vector110
        .long vector111
        .long vector112
        .long vector113
        .long vector114
        .long vector115
        .long vector116
        .long vector117
        .long vector118
        .long vector119
        .long vector120
        .long vector121
        .long vector122
        .long vector123
        .long vector124
        .long vector125
        .long vector126
        .long vector127
        .long vector128
        .long vector129
        .long vector130
        .long vector131
        .long vector132
        .long vector133
        .long vector134
        .long vector135
        .long vector136
        .long vector137
        .long vector138
        .long vector139
        .long vector140
        .long vector141
        .long vector142
        .long vector143
        .long vector144
        .long vector145
        .long vector146
        .long vector147
        .long vector148
        .long vector149
        .long vector150
        .long vector151
        .long vector152
        .long vector153
        .long vector154
        .long vector155
        .long vector156
        .long vector157
        .long vector158
        .long vector159
        .long vector160
        .long vector161
        .long vector162
        .long vector163
        .long vector164
        .long vector165
        .long vector166
        .long vector167
        .long vector168
        .long vector169
        .long vector170
        .long vector171
        .long vector172
        .long vector173
        .long vector174
        .long vector175
        .long vector176
        .long vector177
        .long vector178
        .long vector179
        .long vector180
        .long vector181
        .long vector182
        .long vector183
        .long vector184
        .long vector185
        .long vector186
        .long vector187
        .long vector188
        .long vector189
        .long vector190
        .long vector191
        .long vector192
        .long vector193
        .long vector194
        .long vector195
        .long vector196
        .long vector197
        .long vector198
        .long vector199
        .long vector200
        .long vector201
        .long vector202
        .long vector203
        .long vector204
        .long vector205
        .long vector206
        .long vector207
        .long vector208
        .long vector209
        .long vector210
        .long vector211
        .long vector212
        .long vector213
        .long vector214
        .long vector215
        .long vector216
        .long vector217
        .long vector218
        .long vector219
        .long vector220
        .long vector221
        .long vector222
        .long vector223
        .long vector224
        .long vector225
        .long vector226
        .long vector227
        .long vector228
        .long vector229
        .long vector230
        .long vector231
        .long vector232
        .long vector233
        .long vector234
        .long vector235
        .long vector236
        .long vector237
        .long vector238
        .long vector239
        .long vector240
        .long vector241
        .long vector242
        .long vector243
        .long vector244
        .long vector245
        .long vector246
        .long vector247
        .long vector248
        .long vector249
        .long vector250
        .long vector251
        .long vector252
        .long vector253
        .long vector254
        .long vector255
