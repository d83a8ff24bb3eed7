import { describe, it, expect } from 'vitest';
import { cbvWord } from './cbv.ts';

describe('cbvWord', () => {
  it('normalises every CBV spelling to the bare word', () => {
    for (const s of ['shipping', 'urn:epcglobal:cbv:bizstep:shipping', 'https://ref.gs1.org/cbv/BizStep-shipping', 'http://gs1.org/voc/BizStep-shipping', 'gs1:BizStep-shipping', 'cbv:BizStep-shipping', ' shipping ']) {
      expect(cbvWord(s)).toBe('shipping');
    }
    expect(cbvWord('urn:epcglobal:cbv:disp:recalled')).toBe('recalled');
    expect(cbvWord('https://ref.gs1.org/cbv/Disp-in_transit')).toBe('in_transit');
    expect(cbvWord('urn:epcglobal:cbv:btt:desadv')).toBe('desadv');
    expect(cbvWord('https://ref.gs1.org/cbv/SDT-owning_party')).toBe('owning_party');
    expect(cbvWord('urn:epcglobal:cbv:er:incorrect_data')).toBe('incorrect_data');
  });
  it('keeps a company\'s own vocabulary as given', () => {
    expect(cbvWord('https://ns.example.com/epcis/BizStep-blending')).toBe('https://ns.example.com/epcis/BizStep-blending');
    expect(cbvWord('urn:example:step:blend')).toBe('urn:example:step:blend');
  });
});
