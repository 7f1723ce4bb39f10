import { describe, expect, it } from 'vitest';
import { viewFromFileName } from '../../../app/core/imaging/fileNameView.js';

describe('viewFromFileName', () => {
  it.each([
    ['case1_RIGHT_MLO.png', 'R', 'MLO'],
    ['P_00001_LEFT_CC.dcm', 'L', 'CC'],
    ['R_CC.png', 'R', 'CC'],
    ['patient7-LCC.jpg', 'L', 'CC'],
    ['scan L-MLO.pgm', 'L', 'MLO'],
    ['left.cc.png', 'L', 'CC'],
    ['RMLO_2.png', 'R', 'MLO'],
    ['folder/sub/A_1234_1.RIGHT_CC.LJPEG.png', 'R', 'CC'],
    ['mdb001_R_ML.pgm', 'R', 'ML'],
    ['only_RIGHT.png', 'R', null],
    ['MLO_only.png', null, 'MLO'],
  ])('%s -> %s %s', (name, laterality, view) => {
    expect(viewFromFileName(name)).toEqual({ laterality, viewPosition: view });
  });

  it.each(['mdb001.pgm', 'CCTV_LEFTOVER.png', 'color.png', 'roller_3.png', 'Lcd.png'])('%s names nothing', (name) => {
    expect(viewFromFileName(name)).toEqual({ laterality: null, viewPosition: null });
  });
});
